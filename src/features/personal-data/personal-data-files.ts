import { unlink } from 'node:fs/promises';
import { resolveStoredFile } from '../media/media-storage';

/** The extension a stored file has (its storage path ends with it), else one from its type. */
export function extensionOf(storagePath: string | null, contentType: string | null): string {
  const m = storagePath ? /\.([a-z0-9]{1,5})$/i.exec(storagePath) : null;
  if (m) return m[1]!.toLowerCase();
  if (contentType === 'application/pdf') return 'pdf';
  return contentType?.startsWith('image/') ? contentType.slice(6) : 'bin';
}

/** Deletes files under MEDIA_DIR; a file already gone counts as deleted. Returns how many are gone. */
export async function deleteStoredFiles(mediaDir: string, storagePaths: string[]): Promise<number> {
  let gone = 0;
  for (const p of storagePaths) {
    const full = resolveStoredFile(mediaDir, p);
    if (!full) continue;
    try {
      await unlink(full);
      gone++;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') gone++;
      else throw err;
    }
  }
  return gone;
}
