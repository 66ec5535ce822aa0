/** A place as recognition needs it: active places only (the repository filters). */
export interface PlaceRule {
  id: number;
  kind: 'building' | 'floor' | 'room';
  code: string;
  name: string;
  parentId: number | null;
  aliases: string[];
}

/**
 * Words people swap freely for the same thing. Both the complaint and a name or alias are rewritten to
 * the first form, so "ruangan 204" finds the alias "ruang 204" — yet a bare "204" finds nothing unless
 * some alias is just "204": the variant only counts where a name or alias uses the word.
 */
const VARIANTS: Record<string, string> = {
  ruangan: 'ruang',
  r: 'ruang',
  rg: 'ruang',
  rm: 'ruang',
  laboratorium: 'lab',
  labor: 'lab',
  kls: 'kelas',
  lt: 'lantai',
  gd: 'gedung',
  ged: 'gedung',
};

/** Lowercase words; "3,2" reads as "3.2"; a dot survives only between digits ("r. 204" → r 204). */
function words(text: string): string[] {
  const cleaned = text
    .toLowerCase()
    .replace(/(\d)\s*[.,]\s*(?=\d)/g, '$1.')
    .replace(/[^\p{L}\p{N}.]+|\.(?!\d)|(?<!\d)\./gu, ' ');
  return cleaned
    .split(' ')
    .filter((w) => w !== '')
    .map((w) => VARIANTS[w] ?? w);
}

/** `R-3.2`, `r 3.2`, `R3.2` and `r3,2` are one code: letters and digits only, dots between digits. */
function codeKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/(\d)[.,](?=\d)/g, '$1.')
    .replace(/[^\p{L}\p{N}.]|\.(?!\d)/gu, '');
}

/** A code that may stand in running text: with a digit, so "B" or "AC" are never read as a building code. */
const codeInText = (code: string): boolean => /\d/.test(code);

/** The code a QR link pre-types: `[R-3.2] lampu mati`. */
const PREFIX = /^\s*\[([^\]\n]{1,40})\]\s*/;

interface Match {
  place: PlaceRule;
  start: number;
  end: number;
}

function phraseMatches(text: string[], phrase: string[]): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  if (phrase.length === 0) return found;
  for (let i = 0; i + phrase.length <= text.length; i++) {
    if (phrase.every((w, j) => text[i + j] === w)) found.push([i, i + phrase.length]);
  }
  return found;
}

/** Names and aliases as whole phrases; a phrase inside a longer matched phrase of another place does not count. */
function nameMatches(complaint: string, places: PlaceRule[]): PlaceRule[] {
  const text = words(complaint);
  const matches: Match[] = [];
  for (const place of places) {
    for (const phrase of [place.name, ...place.aliases]) {
      for (const [start, end] of phraseMatches(text, words(phrase))) matches.push({ place, start, end });
    }
  }
  const covered = (m: Match) =>
    matches.some((o) => o.place.id !== m.place.id && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start);
  return unique(matches.filter((m) => !covered(m)).map((m) => m.place));
}

/** Codes written in the text (`R-3.2`, `r 3.2`, `R3.2`): one to three words run together. */
function codeMatches(complaint: string, places: PlaceRule[]): PlaceRule[] {
  const text = words(complaint).map((w) => (w === 'ruang' ? 'r' : w));
  const keys = new Set<string>();
  text.forEach((w, i) => {
    for (let n = 1; n <= 3 && i + n <= text.length; n++) keys.add(codeKey(text.slice(i, i + n).join('')));
  });
  return places.filter((p) => codeInText(p.code) && keys.has(codeKey(p.code)));
}

function unique(places: PlaceRule[]): PlaceRule[] {
  return [...new Map(places.map((p) => [p.id, p])).values()];
}

/**
 * The most specific of the matched places: a room over its floor over its building. Of places that are
 * not one another's ancestors, the one whose ancestors were also named ("lantai 2 gedung B") wins; a tie
 * between different places is ambiguous and gives null — a wrong place is worse than none.
 */
function mostSpecific(matched: PlaceRule[], places: PlaceRule[]): PlaceRule | null {
  if (matched.length === 0) return null;
  const byId = new Map(places.map((p) => [p.id, p]));
  const ancestors = (p: PlaceRule): number[] => {
    const ids: number[] = [];
    for (let at = p.parentId; at !== null && !ids.includes(at); at = byId.get(at)?.parentId ?? null) ids.push(at);
    return ids;
  };
  const ids = new Set(matched.map((p) => p.id));
  const leaves = matched.filter((p) => !matched.some((o) => ancestors(o).includes(p.id)));
  const support = (p: PlaceRule) => ancestors(p).filter((id) => ids.has(id)).length;
  const best = Math.max(...leaves.map(support));
  const top = leaves.filter((p) => support(p) === best);
  return top.length === 1 ? top[0]! : null;
}

/** The place a `[CODE]` prefix names, and the complaint without it; null when there is no such prefix or no such place. */
export function placePrefix(complaint: string, places: PlaceRule[]): { place: PlaceRule; rest: string } | null {
  const m = PREFIX.exec(complaint);
  if (!m) return null;
  const key = codeKey(m[1]!);
  const place = places.find((p) => codeKey(p.code) === key);
  return place ? { place, rest: complaint.slice(m[0].length) } : null;
}

/**
 * The place a complaint is about, or null. An explicit code wins: the `[R-3.2]` prefix, then a known code
 * in the text; else names and aliases. Never a guess between two equally good places.
 */
export function recognizePlace(complaint: string, places: PlaceRule[]): PlaceRule | null {
  if (places.length === 0) return null;
  const prefixed = placePrefix(complaint, places);
  if (prefixed) return prefixed.place;
  const byCode = codeMatches(complaint, places);
  if (byCode.length > 0) return mostSpecific(byCode, places);
  return mostSpecific(nameMatches(complaint, places), places);
}
