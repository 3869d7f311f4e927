import fs from 'node:fs/promises';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import sharp, { type Sharp } from 'sharp';
import { randomToken } from '../../web/auth.ts';

export const imageLimitBytes = 5 * 1024 * 1024;
export const attachmentLimitBytes = 10 * 1024 * 1024;
/** Whole upload requests: the file plus its form fields and multipart framing. */
export const uploadRequestLimitBytes = attachmentLimitBytes + 256 * 1024;
export const imageMaxWidth = 1600;
// A small file can still unpack into an enormous picture; 50 megapixels is beyond any camera.
const maxInputPixels = 50_000_000;

export type FileError =
  | 'pitch.files.tooLarge.image'
  | 'pitch.files.tooLarge.attachment'
  | 'pitch.files.wrongType.image'
  | 'pitch.files.wrongType.attachment'
  | 'pitch.files.unreadable'
  | 'pitch.files.missing';

export interface PreparedFile {
  data: Buffer;
  contentType: string;
  extension: string;
}

const imageFormats: Record<string, { extension: string; encode: (image: Sharp) => Sharp }> = {
  'image/jpeg': { extension: 'jpg', encode: (image) => image.jpeg({ quality: 85, mozjpeg: true }) },
  'image/png': { extension: 'png', encode: (image) => image.png({ compressionLevel: 9 }) },
  'image/webp': { extension: 'webp', encode: (image) => image.webp({ quality: 85 }) },
  'image/gif': { extension: 'gif', encode: (image) => image.gif() },
};

/**
 * A picture as stored: its type decided by its bytes, never by its name or the browser's say-so,
 * and re-encoded from its pixels, so EXIF, GPS positions and anything hidden in the original are
 * gone. At most 1600 pixels wide; smaller pictures keep their size.
 */
export async function prepareImage(upload: Buffer): Promise<{ ok: true; file: PreparedFile } | { ok: false; error: FileError }> {
  if (upload.length > imageLimitBytes) return { ok: false, error: 'pitch.files.tooLarge.image' };
  const type = await fileTypeFromBuffer(upload);
  const format = type ? imageFormats[type.mime] : undefined;
  if (!type || !format) return { ok: false, error: 'pitch.files.wrongType.image' };
  try {
    const animated = type.mime === 'image/gif' || type.mime === 'image/webp';
    let image = sharp(upload, { limitInputPixels: maxInputPixels, failOn: 'error', animated });
    // Turn the picture upright while its EXIF orientation is still known.
    if (!animated) image = image.rotate();
    image = image.resize({ width: imageMaxWidth, withoutEnlargement: true });
    const data = await format.encode(image).toBuffer();
    return { ok: true, file: { data, contentType: type.mime, extension: format.extension } };
  } catch {
    return { ok: false, error: 'pitch.files.unreadable' };
  }
}

/** Attachment formats: what the bytes must look like for each extension the name may carry. */
const attachmentFormats: Record<string, { contentType: string; check: (data: Buffer, detected: string | undefined) => boolean }> = {
  pdf: { contentType: 'application/pdf', check: (_data, detected) => detected === 'application/pdf' },
  odt: { contentType: 'application/vnd.oasis.opendocument.text', check: (_data, detected) => detected === 'application/vnd.oasis.opendocument.text' },
  ods: {
    contentType: 'application/vnd.oasis.opendocument.spreadsheet',
    check: (_data, detected) => detected === 'application/vnd.oasis.opendocument.spreadsheet',
  },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    check: (_data, detected) => detected === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    check: (_data, detected) => detected === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
  // Plain text has no signature: it must be valid UTF-8 with no binary bytes, and carry no other
  // format's signature (a renamed program or archive is refused).
  csv: { contentType: 'text/csv; charset=utf-8', check: (data, detected) => detected === undefined && isPlainText(data) },
  txt: { contentType: 'text/plain; charset=utf-8', check: (data, detected) => detected === undefined && isPlainText(data) },
};

export const attachmentExtensions = Object.keys(attachmentFormats);

export function isPlainText(data: Buffer): boolean {
  if (data.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return false;
  }
  // Control characters other than tab, line feed, form feed and carriage return mean binary data.
  for (const byte of data) if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) return false;
  return true;
}

export function extensionOf(name: string): string {
  const match = /\.([A-Za-z0-9]{1,8})$/.exec(name.trim());
  return match ? match[1]!.toLowerCase() : '';
}

/** A file name safe to show and to send back in a header: no folders, no control characters. */
export function cleanFileName(name: string, fallbackExtension: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f"<>:|?*]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(-120);
  return cleaned && !cleaned.startsWith('.') ? cleaned : `file.${fallbackExtension}`;
}

/**
 * An attachment is accepted when its name's extension is one of ours and its bytes match that
 * format: the extension says what the member meant, the content proves it.
 */
export async function checkAttachment(name: string, upload: Buffer): Promise<{ ok: true; file: PreparedFile } | { ok: false; error: FileError }> {
  if (upload.length > attachmentLimitBytes) return { ok: false, error: 'pitch.files.tooLarge.attachment' };
  const extension = extensionOf(name);
  const format = attachmentFormats[extension];
  if (!format) return { ok: false, error: 'pitch.files.wrongType.attachment' };
  const detected = (await fileTypeFromBuffer(upload))?.mime;
  if (!format.check(upload, detected)) return { ok: false, error: 'pitch.files.wrongType.attachment' };
  return { ok: true, file: { data: upload, contentType: format.contentType, extension } };
}

/** Files live under `uploads/pitches/` with unguessable names; they are served only through a route that checks who asks. */
export function newStoredPath(extension: string): string {
  return `pitches/${randomToken(18)}.${extension}`;
}

export function storedFile(uploadsDir: string, storedPath: string): string {
  // Names come from our own database, but a path outside the pitches folder is never touched.
  if (!/^pitches\/[A-Za-z0-9_-]+\.[a-z0-9]{1,8}$/.test(storedPath)) throw new Error(`Not a pitch file: ${storedPath}`);
  return path.join(uploadsDir, storedPath);
}

export async function writeStoredFile(uploadsDir: string, storedPath: string, data: Buffer) {
  const file = storedFile(uploadsDir, storedPath);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, data, { flag: 'wx' });
}

export async function removeStoredFile(uploadsDir: string, storedPath: string) {
  try {
    await fs.rm(storedFile(uploadsDir, storedPath), { force: true });
  } catch {
    // A leftover file costs some disk; failing the member's action for it would cost more.
  }
}
