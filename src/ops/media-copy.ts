import { cp, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface MediaCopy {
  from: string;
  to: string;
  files: number;
  bytes: number;
}

/**
 * Downloads in progress live in MEDIA_DIR/.partial (src/features/media/media-storage.ts) until they
 * are renamed into place: they are no one's photo yet, and may vanish while being read.
 */
const PARTIAL_DIR = '.partial';
const isPartial = (root: string, path: string) => {
  const rel = relative(root, path);
  return rel === PARTIAL_DIR || rel.startsWith(PARTIAL_DIR + sep);
};

/** Files and bytes under `dir`, downloads in progress left out (0 and 0 when it does not exist). */
export async function folderSize(dir: string): Promise<{ files: number; bytes: number }> {
  let entries: string[];
  try {
    entries = await readdir(dir, { recursive: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { files: 0, bytes: 0 };
    throw err;
  }
  let files = 0;
  let bytes = 0;
  for (const e of entries) {
    if (isPartial(dir, join(dir, e))) continue;
    const s = await stat(join(dir, e)).catch(() => null);
    if (s?.isFile()) {
      files += 1;
      bytes += s.size;
    }
  }
  return { files, bytes };
}

/**
 * Copies the photo folder. Media files are written once under a name holding their SHA-256 and
 * never changed, so files already at `to` are kept as they are (never overwritten).
 */
export async function copyMedia(from: string, to: string): Promise<MediaCopy> {
  const size = await folderSize(from);
  if (size.files > 0) {
    await cp(from, to, {
      recursive: true,
      force: false,
      errorOnExist: false,
      preserveTimestamps: true,
      filter: (src) => !isPartial(from, src),
    });
  }
  return { from, to, ...size };
}
