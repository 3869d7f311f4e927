import fs from 'node:fs/promises';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import type { MessageKey } from '../../i18n/i18n.ts';
import { randomToken } from '../../web/auth.ts';
import { uploadLimitBytes } from '../../web/limits.ts';
import { cleanFileName, extensionOf, isPlainText } from '../exchange/pitches.files.ts';

/**
 * Files attached to knowledge pages. Each is checked by its content, not only by its name; stored
 * under `uploads/knowledge/` with a random name; and served only by a route that asks, on every
 * request, whether the viewer may see the page.
 */

/** The largest file a page accepts: documents with pictures in them need more than a photo does. */
export const attachmentLimitBytes = 2 * uploadLimitBytes;
/** A whole upload request: the file plus its form fields and multipart framing. */
export const uploadRequestLimitBytes = attachmentLimitBytes + 256 * 1024;
// A small file can still unpack into an enormous picture; 50 megapixels is beyond any camera.
const maxInputPixels = 50_000_000;

export type AttachmentError =
  | 'knowledge.files.missing'
  | 'knowledge.files.empty'
  | 'knowledge.files.tooLarge'
  | 'knowledge.files.wrongType'
  | 'knowledge.files.unreadable'
  | 'knowledge.files.tooMany';

interface Format {
  contentType: string;
  /** Whether the bytes are what the name's extension claims. */
  check: (data: Buffer, detected: string | undefined) => boolean;
  /** Pictures are re-encoded from their pixels, dropping EXIF data such as where a photo was taken. */
  picture?: 'jpeg' | 'png' | 'gif' | 'webp';
}

const detectedAs = (mime: string) => (_data: Buffer, detected: string | undefined) => detected === mime;
const plainText = (data: Buffer, detected: string | undefined) => detected === undefined && isPlainText(data);

const formats: Record<string, Format> = {
  pdf: { contentType: 'application/pdf', check: detectedAs('application/pdf') },
  docx: {
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    check: detectedAs('application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
  },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    check: detectedAs('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
  },
  pptx: {
    contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    check: detectedAs('application/vnd.openxmlformats-officedocument.presentationml.presentation'),
  },
  odt: { contentType: 'application/vnd.oasis.opendocument.text', check: detectedAs('application/vnd.oasis.opendocument.text') },
  ods: { contentType: 'application/vnd.oasis.opendocument.spreadsheet', check: detectedAs('application/vnd.oasis.opendocument.spreadsheet') },
  odp: { contentType: 'application/vnd.oasis.opendocument.presentation', check: detectedAs('application/vnd.oasis.opendocument.presentation') },
  // Plain text has no signature: it must be valid UTF-8 with no binary bytes, and carry no other
  // format's signature (a renamed program or archive is refused).
  txt: { contentType: 'text/plain; charset=utf-8', check: plainText },
  csv: { contentType: 'text/csv; charset=utf-8', check: plainText },
  jpg: { contentType: 'image/jpeg', check: detectedAs('image/jpeg'), picture: 'jpeg' },
  jpeg: { contentType: 'image/jpeg', check: detectedAs('image/jpeg'), picture: 'jpeg' },
  png: { contentType: 'image/png', check: detectedAs('image/png'), picture: 'png' },
  gif: { contentType: 'image/gif', check: detectedAs('image/gif'), picture: 'gif' },
  webp: { contentType: 'image/webp', check: detectedAs('image/webp'), picture: 'webp' },
};

export const attachmentExtensions = Object.keys(formats);

/** What kind of file it is, in words, from its stored content type. */
export function kindOf(contentType: string): MessageKey {
  if (contentType === 'application/pdf') return 'knowledge.files.kind.pdf';
  if (contentType.startsWith('image/')) return 'knowledge.files.kind.picture';
  if (contentType.startsWith('text/csv') || contentType.includes('spreadsheet')) return 'knowledge.files.kind.spreadsheet';
  if (contentType.includes('presentation')) return 'knowledge.files.kind.slides';
  if (contentType.startsWith('text/plain')) return 'knowledge.files.kind.text';
  return 'knowledge.files.kind.document';
}

export interface CheckedFile {
  data: Buffer;
  name: string;
  contentType: string;
  extension: string;
}

async function withoutMetadata(data: Buffer, picture: NonNullable<Format['picture']>): Promise<Buffer> {
  const animated = picture === 'gif' || picture === 'webp';
  let image = sharp(data, { limitInputPixels: maxInputPixels, failOn: 'error', animated });
  // Turn the picture upright while its EXIF orientation is still known.
  if (!animated) image = image.rotate();
  if (picture === 'jpeg') image = image.jpeg({ quality: 90, mozjpeg: true });
  else if (picture === 'png') image = image.png({ compressionLevel: 9 });
  else if (picture === 'webp') image = image.webp({ quality: 90 });
  else image = image.gif();
  return image.toBuffer();
}

/**
 * Accepts a file when its name's extension is one of ours and its bytes match that format: the
 * extension says what the member meant, the content proves it.
 */
export async function checkAttachment(name: string, data: Buffer): Promise<{ ok: true; file: CheckedFile } | { ok: false; error: AttachmentError }> {
  if (data.length === 0) return { ok: false, error: 'knowledge.files.empty' };
  if (data.length > attachmentLimitBytes) return { ok: false, error: 'knowledge.files.tooLarge' };
  const extension = extensionOf(name);
  const format = formats[extension];
  if (!format) return { ok: false, error: 'knowledge.files.wrongType' };
  const detected = (await fileTypeFromBuffer(data))?.mime;
  if (!format.check(data, detected)) return { ok: false, error: 'knowledge.files.wrongType' };
  let stored = data;
  if (format.picture) {
    try {
      stored = await withoutMetadata(data, format.picture);
    } catch {
      return { ok: false, error: 'knowledge.files.unreadable' };
    }
  }
  return { ok: true, file: { data: stored, name: cleanFileName(name, extension), contentType: format.contentType, extension } };
}

export function newStoredPath(extension: string): string {
  return `knowledge/${randomToken(18)}.${extension}`;
}

function storedFile(uploadsDir: string, storedPath: string): string {
  // Names come from our own database, but a path outside the knowledge folder is never touched.
  if (!/^knowledge\/[A-Za-z0-9_-]+\.[a-z0-9]{1,8}$/.test(storedPath)) throw new Error(`Not a knowledge file: ${storedPath}`);
  return path.join(uploadsDir, storedPath);
}

export async function writeStoredFile(uploadsDir: string, storedPath: string, data: Buffer) {
  const file = storedFile(uploadsDir, storedPath);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, data, { flag: 'wx' });
}

export async function readStoredFile(uploadsDir: string, storedPath: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(storedFile(uploadsDir, storedPath));
  } catch {
    return undefined;
  }
}

export async function removeStoredFile(uploadsDir: string, storedPath: string) {
  try {
    await fs.rm(storedFile(uploadsDir, storedPath), { force: true });
  } catch {
    // A leftover file costs some disk; failing the member's action for it would cost more.
  }
}

/** A Content-Disposition that always downloads, with the name both as plain ASCII and in full. */
export function downloadDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

export interface UploadedPart {
  filename: string;
  data: Buffer;
}

/** Turns a multipart body into fields (strings) and files ({ filename, data }), keeping each file's name. */
export async function parseMultipart(contentType: string, body: Buffer): Promise<Record<string, string | UploadedPart>> {
  let data: FormData;
  try {
    data = await new Request('http://localhost/', { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(body) }).formData();
  } catch {
    throw Object.assign(new Error('The form could not be read.'), { statusCode: 400 });
  }
  const fields: Record<string, string | UploadedPart> = {};
  for (const [name, value] of data) {
    if (name in fields) continue;
    fields[name] = typeof value === 'string' ? value : { filename: value.name, data: Buffer.from(await value.arrayBuffer()) };
  }
  return fields;
}
