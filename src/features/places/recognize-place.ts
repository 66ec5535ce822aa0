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

/** A name or alias as words, and its place. */
interface Phrase {
  place: PlaceRule;
  words: string[];
}

/**
 * The active places prepared once for many complaints: every name and alias cut into words and filed
 * under its first word, every code under its key. Recognising a complaint then costs a look-up per
 * word of the complaint rather than a pass over every alias (5 ms per complaint with 600 places).
 */
export interface PlaceIndex {
  places: readonly PlaceRule[];
  byId: ReadonlyMap<number, PlaceRule>;
  /** By the first word of the phrase. */
  phrases: ReadonlyMap<string, readonly Phrase[]>;
  /** By codeKey(code), for every place; a place whose code has no digit is only found as a prefix. */
  codes: ReadonlyMap<string, readonly PlaceRule[]>;
}

function filed<T>(map: Map<string, T[]>, key: string): T[] {
  let list = map.get(key);
  if (!list) map.set(key, (list = []));
  return list;
}

export function indexPlaces(places: readonly PlaceRule[]): PlaceIndex {
  const phrases = new Map<string, Phrase[]>();
  const codes = new Map<string, PlaceRule[]>();
  for (const place of places) {
    for (const phrase of [place.name, ...place.aliases]) {
      const w = words(phrase);
      if (w.length > 0) filed(phrases, w[0]!).push({ place, words: w });
    }
    filed(codes, codeKey(place.code)).push(place);
  }
  return { places, byId: new Map(places.map((p) => [p.id, p])), phrases, codes };
}

const asIndex = (places: readonly PlaceRule[] | PlaceIndex): PlaceIndex => ('byId' in places ? places : indexPlaces(places));

/** Names and aliases as whole phrases; a phrase inside a longer matched phrase of another place does not count. */
function nameMatches(text: string[], index: PlaceIndex): PlaceRule[] {
  const matches: Match[] = [];
  text.forEach((word, start) => {
    for (const phrase of index.phrases.get(word) ?? []) {
      const end = start + phrase.words.length;
      if (end <= text.length && phrase.words.every((w, j) => text[start + j] === w)) matches.push({ place: phrase.place, start, end });
    }
  });
  const covered = (m: Match) =>
    matches.some((o) => o.place.id !== m.place.id && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start);
  return unique(matches.filter((m) => !covered(m)).map((m) => m.place));
}

/** Codes written in the text (`R-3.2`, `r 3.2`, `R3.2`): one to three words run together. */
function codeMatches(text: string[], index: PlaceIndex): PlaceRule[] {
  const asCode = text.map((w) => (w === 'ruang' ? 'r' : w));
  const found: PlaceRule[] = [];
  asCode.forEach((_, i) => {
    for (let n = 1; n <= 3 && i + n <= asCode.length; n++)
      found.push(...(index.codes.get(codeKey(asCode.slice(i, i + n).join(''))) ?? []).filter((p) => codeInText(p.code)));
  });
  return unique(found);
}

function unique(places: PlaceRule[]): PlaceRule[] {
  return [...new Map(places.map((p) => [p.id, p])).values()];
}

/**
 * The most specific of the matched places: a room over its floor over its building. Of places that are
 * not one another's ancestors, the one whose ancestors were also named ("lantai 2 gedung B") wins; a tie
 * between different places is ambiguous and gives null — a wrong place is worse than none.
 */
function mostSpecific(matched: PlaceRule[], byId: ReadonlyMap<number, PlaceRule>): PlaceRule | null {
  if (matched.length === 0) return null;
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
export function placePrefix(complaint: string, places: readonly PlaceRule[] | PlaceIndex): { place: PlaceRule; rest: string } | null {
  const m = PREFIX.exec(complaint);
  if (!m) return null;
  const place = asIndex(places).codes.get(codeKey(m[1]!))?.[0];
  return place ? { place, rest: complaint.slice(m[0].length) } : null;
}

/**
 * The place a complaint is about, or null. An explicit code wins: the `[R-3.2]` prefix, then a known code
 * in the text; else names and aliases. Never a guess between two equally good places.
 */
export function recognizePlace(complaint: string, places: readonly PlaceRule[] | PlaceIndex): PlaceRule | null {
  const index = asIndex(places);
  if (index.places.length === 0) return null;
  const prefixed = placePrefix(complaint, index);
  if (prefixed) return prefixed.place;
  const text = words(complaint);
  const byCode = codeMatches(text, index);
  if (byCode.length > 0) return mostSpecific(byCode, index.byId);
  return mostSpecific(nameMatches(text, index), index.byId);
}
