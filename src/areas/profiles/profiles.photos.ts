import fs from 'node:fs/promises';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { uploadLimitBytes } from '../../web/limits.ts';
import { randomToken } from '../../web/auth.ts';

// Read when used, not at load time: this module is loaded while app.tsx is still loading.
export const photoLimitBytes = () => uploadLimitBytes;
const acceptedTypes = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);
export const photoSize = 400;
// A small file can still unpack into an enormous picture; 50 megapixels is beyond any camera phone.
const maxInputPixels = 50_000_000;

export type PhotoCheck =
  | { ok: true; webp: Buffer }
  | { ok: false; error: 'profile.photo.tooLarge' | 'profile.photo.wrongType' | 'profile.photo.unreadable' };

/**
 * Turns an uploaded picture into the stored photo: the type is decided by the bytes, never by the
 * file's name or the browser's say-so, and the result is a fresh 400×400 WebP. Re-encoding keeps
 * only pixels, so EXIF, GPS positions and anything hidden in the original are gone.
 */
export async function preparePhoto(upload: Buffer): Promise<PhotoCheck> {
  if (upload.length > photoLimitBytes()) return { ok: false, error: 'profile.photo.tooLarge' };
  const type = await fileTypeFromBuffer(upload);
  if (!type || !acceptedTypes.has(type.mime)) return { ok: false, error: 'profile.photo.wrongType' };
  try {
    const webp = await sharp(upload, { limitInputPixels: maxInputPixels, failOn: 'error' })
      // Turn the picture upright first, while its EXIF orientation is still known.
      .rotate()
      .resize(photoSize, photoSize, { fit: 'cover' })
      .webp({ quality: 82 })
      .toBuffer();
    return { ok: true, webp };
  } catch {
    return { ok: false, error: 'profile.photo.unreadable' };
  }
}

/** Photos live under `uploads/photos/` with unguessable names, so their addresses cannot be listed. */
export function newPhotoName(): string {
  return `photos/${randomToken(18)}.webp`;
}

export function photoPath(uploadsDir: string, name: string): string {
  // Names come from our own database, but a path outside the photos folder is never touched.
  if (!/^photos\/[A-Za-z0-9_-]+\.webp$/.test(name)) throw new Error(`Not a photo name: ${name}`);
  return path.join(uploadsDir, name);
}

export async function writePhoto(uploadsDir: string, name: string, data: Buffer) {
  const file = photoPath(uploadsDir, name);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, data, { flag: 'wx' });
}

/** Copies a photo to a new name; false when the original file is missing. */
export async function copyPhoto(uploadsDir: string, from: string, to: string): Promise<boolean> {
  const target = photoPath(uploadsDir, to);
  await fs.mkdir(path.dirname(target), { recursive: true });
  try {
    await fs.copyFile(photoPath(uploadsDir, from), target, fs.constants.COPYFILE_EXCL);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Removes a photo file; one that is already gone is not an error. */
export async function removePhoto(uploadsDir: string, name: string | null | undefined) {
  if (!name) return;
  try {
    await fs.rm(photoPath(uploadsDir, name), { force: true });
  } catch {
    // A leftover file costs a few kilobytes; failing the member's save for it would cost more.
  }
}

export function photoUrl(name: string): string {
  return `/uploads/${name}`;
}
