import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * Removes an uploaded file given its path under the uploads folder. Paths come from our own
 * database, but are still confined to the folder in case a row was ever tampered with.
 */
export async function removeUpload(uploadsDir: string, relativePath: string) {
  const target = path.resolve(uploadsDir, relativePath);
  if (!target.startsWith(path.resolve(uploadsDir) + path.sep)) return;
  await fs.rm(target, { force: true });
}
