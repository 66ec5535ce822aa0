import { mkdir, readdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

/** Where downloads in progress are written before they get their final name. */
const PARTIAL_DIR = '.partial';

/**
 * The path a stored file gets, relative to MEDIA_DIR: `YYYY/MM/<id>-<sha256 prefix>.<ext>`
 * (UTC month of the row's creation). Built only from our own values: the sender's filename
 * never reaches the file system.
 */
export function storagePathFor(m: { id: number; createdAt: number; sha256: string; extension: string }): string {
  const d = new Date(m.createdAt);
  const month = String(d.getUTCMonth() + 1).padStart(2, '0');
  return `${d.getUTCFullYear()}/${month}/${m.id}-${m.sha256.slice(0, 16)}.${m.extension}`;
}

/** A private temporary file for one claim of one row. */
export async function partialPathFor(dir: string, id: number, claimToken: string): Promise<string> {
  const folder = join(dir, PARTIAL_DIR);
  await mkdir(folder, { recursive: true });
  return join(folder, `${id}-${claimToken.replace(/[^A-Za-z0-9-]/g, '')}.part`);
}

/** Moves a finished download to its storage path (replacing a file of the same name: same id, same bytes). */
export async function moveIntoPlace(dir: string, partial: string, storagePath: string): Promise<void> {
  const target = resolveStoredFile(dir, storagePath);
  if (!target) throw new Error(`storage path outside MEDIA_DIR: ${storagePath}`);
  await mkdir(dirname(target), { recursive: true });
  await rename(partial, target);
}

/**
 * The absolute path of a stored file, or null when `storagePath` would leave MEDIA_DIR
 * (a row edited by hand must not turn the media route into a file reader).
 */
export function resolveStoredFile(dir: string, storagePath: string): string | null {
  const root = resolve(dir);
  const full = resolve(root, storagePath);
  return full.startsWith(root + sep) && !storagePath.includes('\0') ? full : null;
}

/** Removes partial files older than `olderThanMs`, left by a worker that died mid-download. */
export async function sweepPartials(dir: string, olderThanMs: number, now = Date.now()): Promise<number> {
  const folder = join(dir, PARTIAL_DIR);
  const names = await readdir(folder).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const file = join(folder, name);
    const info = await stat(file).catch(() => null);
    if (info?.isFile() && now - info.mtimeMs > olderThanMs) {
      await unlink(file).catch(() => undefined);
      removed += 1;
    }
  }
  return removed;
}
