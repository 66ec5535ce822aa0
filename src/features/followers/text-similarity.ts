/**
 * "Clearly similar text" for the duplicate offer: two complaints about the same place that share
 * most of their meaningful words ("lampu kelas 3.2 mati" and "lampu di 3.2 mati lagi"). Pure, so
 * its table test pins what counts as similar.
 */

/** Words that say nothing about the fault: politeness, fillers, place words (the place is matched apart). */
const STOP_WORDS = new Set(
  (
    'yang di ke dari dan atau ini itu ada sudah belum tidak tak ga gak nggak juga lagi masih sangat sekali ' +
    'mohon tolong minta bantu bantuan segera pak bu bapak ibu mas mbak kak min admin terima kasih makasih ' +
    'kami saya aku kita mereka nya dong deh ya yah nih sih kok karena sejak tadi pagi siang sore malam hari ' +
    'kelas ruang ruangan lantai gedung lt gd'
  ).split(/\s+/),
);

/**
 * Lowercase words of two letters or more, without stop words, and without anything holding a digit:
 * `3.2`, `204`, `lt2` name the place, which is matched apart (a shared room number is no shared fault).
 */
export function meaningfulTokens(text: string): Set<string> {
  const words = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9.]+/g, ' ')
    .split(' ')
    .map((w) => w.replace(/^\.+|\.+$/g, ''))
    .filter((w) => w.length >= 2 && !/\d/.test(w) && !STOP_WORDS.has(w));
  return new Set(words);
}

/**
 * True when the complaints share at least two meaningful words (not counting `placeWords`, the name
 * and aliases of the place both are about) and those make up at least half of the smaller complaint's words: "lampu mati" and "lampu di kelas mati total" are similar; "lampu
 * mati" and "AC mati" are not.
 */
export function similarComplaints(a: string, b: string, placeWords: readonly string[] = []): boolean {
  // The place's own name and aliases ("lab komputer", "perpustakaan") name where, not what: both complaints
  // are about that place already, so its words would make every pair look alike.
  const where = new Set(placeWords.flatMap((w) => [...meaningfulTokens(w)]));
  const ta = new Set([...meaningfulTokens(a)].filter((t) => !where.has(t)));
  const tb = new Set([...meaningfulTokens(b)].filter((t) => !where.has(t)));
  if (ta.size === 0 || tb.size === 0) return false;
  let shared = 0;
  for (const t of ta) if (tb.has(t)) shared++;
  return shared >= 2 && shared / Math.min(ta.size, tb.size) >= 0.5;
}
