import type { TicketPriority } from '../../db/database';

/**
 * The category and priority of a complaint, decided from its words alone: pure, no I/O.
 *
 * Category: the active category whose keywords the text names most often (distinct keywords; ties go
 * to the earlier category in the list), or null when no keyword is named. Null is kept as "not
 * recognised" rather than mapped to "Lainnya": "Lainnya" is a choice the desk makes, and the list can
 * then tell the two apart.
 *
 * Priority: the category's default (`normal` without one), raised by danger words to `tinggi` or
 * `darurat`; a raise is never lowered. "tidak mendesak" / "kalau sempat" lower to `rendah` only when
 * nothing raised it.
 *
 * Both the text and the keywords go through the same normalisation: lower case, "a.c"/"a/c" joined,
 * punctuation and emoji dropped, repeated letters folded ("bocoor", "matiii"), "-nya" and the "2" of
 * reduplication dropped ("lampunya", "lampu2"), informal spellings and common typos mapped to one form
 * ("konslet", "gak", "infokus"), and long words matched within one typo.
 */
export interface CategoryRule {
  id: number;
  code: string;
  keywords: readonly string[];
  defaultPriority: TicketPriority;
}

export interface Classification {
  categoryId: number | null;
  priority: TicketPriority;
}

const RANK: Record<TicketPriority, number> = { rendah: 0, normal: 1, tinggi: 2, darurat: 3 };

/** Informal spellings and typos → the form the keywords and the rules below use. */
const ALIASES: Record<string, string> = {
  ...alias('korslet', 'konslet korsleting konsleting kosleting korsliting konsliting korslt konslt konslet korsluiting'),
  ...alias('tidak', 'tdk tak gak ga gk nggak ngga enggak engga ndak nda g'),
  ...alias('bisa', 'bs bsa bisaa'),
  ...alias('bocor', 'bocoor bcor bocr kebocoran bocorr bochor'),
  ...alias('mati', 'mti mat3'),
  ...alias('lampu', 'lmpu lampo'),
  ...alias('ac', 'aircon acnya'),
  ...alias('wc', 'wcnya'),
  ...alias('toilet', 'toliet toilt toilette km'),
  ...alias('proyektor', 'projektor infokus infocus proyector'),
  ...alias('wastafel', 'westafel wastafle'),
  ...alias('kloset', 'klozet'),
  ...alias('keran', 'kren'),
  ...alias('genteng', 'genting'),
  ...alias('komputer', 'kompi kompie komp'),
  ...alias('internet', 'inet'),
  ...alias('asap', 'berasap ngasep'),
  ...alias('terkunci', 'kekunci kunci2an'),
  ...alias('pencurian', 'kemalingan dicuri kecurian mencuri curi'),
  ...alias('kesetrum', 'tersetrum nyetrum setrum kestrum kesetrom'),
  ...alias('percikan', 'percik memercik mercik muncrat'),
  ...alias('terbakar', 'kebakar gosong meledak ledakan'),
  ...alias('mampet', 'mampat mampeet buntu'),
  ...alias('padam', 'pdm'),
  ...alias('colokan', 'colok nyolok dicolok'),
};
/** Words for a toilet: "mampet" there is urgent, a blocked sink is not. */
const TOILET = ['toilet', 'wc', 'kloset', 'closet', 'urinoir'];
/** Phrases people use for a keyword, replaced before the text is cut into words. */
const PHRASE_ALIASES: Array<[RegExp, string]> = [
  [/\bkamar\s*mandi\b/g, 'toilet'],
  // Rain water is the roof's business, not the water supply's.
  [/\bair\s+hujan\b/g, 'hujan'],
];

/** Token sequences that raise the priority, most urgent first. */
const DARURAT = phrases(
  'api',
  'kebakaran',
  'terbakar',
  'asap',
  'percikan',
  'kesetrum',
  'banjir',
  'darurat',
  'bau gas',
  'gas bocor',
  'terjebak',
);
const TINGGI = phrases(
  'bocor',
  'tidak bisa masuk',
  'tidak bisa dibuka',
  'tidak dapat masuk',
  'terkunci',
  'mati total',
  'padam',
  'mati lampu',
  'listrik mati',
  'korslet',
  'meluap',
  'tergenang',
  'tidak mengalir',
  'roboh',
  'ambruk',
  'jebol',
  'pencurian',
);
/** A word that raises to `tinggi` only together with one of the others anywhere in the text. */
const TINGGI_WITH: Array<[string[][], string[][]]> = [
  [phrases('mampet', 'tersumbat'), phrases(...TOILET)],
  [phrases('pecah'), phrases('kaca', 'jendela')],
];
const LOWER = phrases('tidak mendesak', 'tidak urgent', 'tidak darurat', 'kalau sempat', 'kalo sempat', 'tidak buru');
/** Words after which a danger word is not one: "asap rokok" is someone smoking, not a fire. */
const HARMLESS_AFTER: Record<string, ReadonlySet<string>> = { asap: new Set(['rokok']) };

/** Classifies one complaint against the active categories, given in the order ties should follow. */
export function classifyComplaint(text: string, rules: readonly CategoryRule[]): Classification {
  const tokens = indexed(normalizeTokens(text));
  let best: { rule: CategoryRule; hits: number } | null = null;
  for (const rule of rules) {
    const hits = new Set(
      keywordPhrases(rule.keywords)
        .filter((k) => k.length > 0 && matches(tokens, k))
        .map((k) => k.join(' ')),
    ).size;
    if (hits > 0 && (best === null || hits > best.hits)) best = { rule, hits };
  }
  return { categoryId: best?.rule.id ?? null, priority: priorityOf(tokens, best?.rule.defaultPriority ?? 'normal') };
}

/*
 * A category's keywords normalised, kept by their text: normalising every keyword of every category again
 * for each complaint was most of the classifier's cost (4 s of a 45 s profile of #request load). The
 * categories are a few dozen; a desk that edits them many times only adds entries, cleared past a bound.
 */
const normalisedKeywords = new Map<string, string[][]>();
function keywordPhrases(keywords: readonly string[]): string[][] {
  const key = keywords.join('\u0000');
  let phrases = normalisedKeywords.get(key);
  if (!phrases) {
    if (normalisedKeywords.size >= 500) normalisedKeywords.clear();
    phrases = keywords.map((k) => normalizeTokens(k));
    normalisedKeywords.set(key, phrases);
  }
  return phrases;
}

function priorityOf(tokens: Indexed, fallback: TicketPriority): TicketPriority {
  let raised: TicketPriority | null = null;
  if (DARURAT.some((p) => matches(tokens, p))) raised = 'darurat';
  else if (TINGGI.some((p) => matches(tokens, p))) raised = 'tinggi';
  else if (TINGGI_WITH.some(([a, b]) => a.some((p) => matches(tokens, p)) && b.some((p) => matches(tokens, p)))) raised = 'tinggi';
  if (raised !== null) return RANK[raised] > RANK[fallback] ? raised : fallback;
  return LOWER.some((p) => matches(tokens, p)) ? 'rendah' : fallback;
}

/** The text as comparable words (see the module comment). */
function normalizeTokens(text: string): string[] {
  let joined = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\b([a-z])[./]([a-z])\b\.?/g, '$1$2');
  for (const [re, to] of PHRASE_ALIASES) joined = joined.replace(re, to);
  return joined
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t !== '')
    .map(canonical);
}

function canonical(raw: string): string {
  let t = raw.replace(/^([a-z]{3,})2$/, '$1');
  if (t.length > 5 && t.endsWith('nya')) t = t.slice(0, -3);
  t = t.replace(/([aiueo])\1+/g, '$1').replace(/(.)\1{2,}/g, '$1');
  return ALIASES[t] ?? t;
}

/**
 * A complaint's words with what rules a phrase out at a glance: the words, the first letters of the long ones
 * (a typo'd long word still starts right, see `same`) and each two neighbours written together. Most of the
 * hundreds of phrases a complaint is checked against fail these look-ups and skip the walk over its words.
 */
interface Indexed {
  tokens: readonly string[];
  words: ReadonlySet<string>;
  longInitials: ReadonlySet<string>;
  pairs: ReadonlySet<string>;
}

function indexed(tokens: readonly string[]): Indexed {
  return {
    tokens,
    words: new Set(tokens),
    longInitials: new Set(tokens.filter((t) => t.length >= 7).map((t) => t[0]!)),
    pairs: new Set(tokens.slice(1).map((t, i) => tokens[i]! + t)),
  };
}

/** False only when `phrase` cannot occur in `text` (the checks `matches` makes, by look-up). */
function mayOccur(text: Indexed, phrase: readonly string[]): boolean {
  const first = phrase[0]!;
  if (text.words.has(first) || (first.length >= 7 && text.longInitials.has(first[0]!))) return true;
  const joined = phrase.join('');
  return phrase.length > 1 ? text.words.has(joined) : text.pairs.has(joined);
}

/** Whether `phrase` occurs in `text` as consecutive words, or written as one word ("stop kontak" / "stopkontak"). */
function matches(text: Indexed, phrase: readonly string[]): boolean {
  if (!mayOccur(text, phrase)) return false;
  const { tokens } = text;
  const harmless = phrase.length === 1 ? HARMLESS_AFTER[phrase[0]!] : undefined;
  const joined = phrase.join('');
  for (let i = 0; i < tokens.length; i++) {
    if (phrase.every((p, j) => tokens[i + j] !== undefined && same(tokens[i + j]!, p))) {
      if (harmless === undefined || !harmless.has(tokens[i + 1] ?? '')) return true;
    }
    if (phrase.length > 1 && tokens[i] === joined) return true;
    if (phrase.length === 1 && i + 1 < tokens.length && tokens[i]! + tokens[i + 1]! === joined) return true;
  }
  return false;
}

/** Equal, or both long and one typo apart (a letter changed, added, dropped or two swapped). */
function same(token: string, word: string): boolean {
  if (token === word) return true;
  if (token.length < 7 || word.length < 7 || token[0] !== word[0]) return false;
  return withinOneEdit(token, word);
}

function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

function alias(to: string, from: string): Record<string, string> {
  return Object.fromEntries(from.split(' ').map((f) => [f, to]));
}

function phrases(...list: string[]): string[][] {
  return list.map((p) => normalizeTokens(p));
}
