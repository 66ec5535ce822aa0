import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Dialect } from '../../db/create-db';
import type { Database } from '../../db/database';
import { containsText } from '../../db/like';
import { normalizePhone } from '../../shared/phone';

/**
 * How the list's free text `q` is searched. A word index answers in milliseconds on a
 * million tickets where a substring scan of every complaint takes a second, at the price
 * of word semantics: each word of the query must begin a word of the complaint or of the
 * reporter's name, in any order ("lamp kelas" finds "lampu kelas 3.2 mati").
 *
 * What a word index cannot hold is matched as a substring instead: InnoDB skips words
 * shorter than 3 characters (innodb_ft_min_token_size) and its stop words, and "3.2" is
 * two one-character words to it. So "AC 3.2" needs the substrings "AC" and "3.2" in the
 * complaint or the name; with a longer word beside them ("AC 3.2 bocor") the index narrows
 * the search first and the substrings only filter what it found.
 */
export interface SearchPlan {
  kind: 'tracking' | 'phone' | 'text';
  /** tracking: the beginning of a tracking number, upper-cased. phone: 62… digits. */
  value?: string;
  /** text: words of at least 3 letters or digits, matched as word prefixes through the index. */
  words: string[];
  /** text: pieces the index does not hold, matched as case-insensitive substrings. */
  fragments: string[];
}

/** InnoDB's default stop words of 3 letters or more: never in its index, so searched as substrings. */
const STOP_WORDS = new Set([
  'about',
  'are',
  'com',
  'for',
  'from',
  'how',
  'that',
  'the',
  'this',
  'was',
  'what',
  'when',
  'where',
  'who',
  'will',
  'with',
  'und',
  'www',
]);
const MIN_WORD = 3;
const MAX_WORD = 84;

const TRACKING = /^[A-Za-z]{1,8}\d{1,12}$/;
/** Typed like a phone: digits with the usual separators, at least 9 digits (0812…, +62 812-…). */
const PHONE = /^\+?[\d\s().-]+$/;

export function planSearch(q: string): SearchPlan {
  const text = q.trim();
  if (TRACKING.test(text)) return { kind: 'tracking', value: text.toUpperCase(), words: [], fragments: [] };
  if (PHONE.test(text) && text.replace(/\D/g, '').length >= 9)
    return { kind: 'phone', value: normalizePhone(text), words: [], fragments: [] };
  const words: string[] = [];
  const fragments: string[] = [];
  for (const token of text.split(/\s+/).filter(Boolean)) {
    // Punctuation around a word ("lampu,", "(AC)", "100%") is not part of what is looked for.
    const core = token.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    const lower = core.toLowerCase();
    if (/^[\p{L}\p{N}]+$/u.test(core) && core.length >= MIN_WORD && core.length <= MAX_WORD && !STOP_WORDS.has(lower)) words.push(lower);
    else fragments.push(core || token);
  }
  return { kind: 'text', words: [...new Set(words)], fragments: [...new Set(fragments)] };
}

type Eb = ExpressionBuilder<Database, 'tickets'>;

/** MySQL boolean mode: every word as a required prefix, `+lampu* +kelas*`. */
const booleanQuery = (words: string[]) => words.map((w) => `+${w}*`).join(' ');

/**
 * MySQL, row by row: every word begins a word of the complaint or of the name, tested with a
 * regular expression on the row instead of through the word index. The word index reads all
 * of a common word's tens of thousands of entries (a tenth of a second and more) even when a
 * page needs 25 of them; the newest-first search (ticket-window-page.repository.ts) tests only the
 * few thousand newest tickets this way. Same words as the index: letters, digits and `_`.
 */
export function wordPrefixConditions(eb: Eb, words: string[]): Expression<SqlBool>[] {
  return words.map((w) => {
    const pattern = `(?i)(^|[^[:alnum:]_])${w}`; // planSearch keeps only letters and digits in a word
    return eb.or([
      sql<SqlBool>`${sql.ref('tickets.complaint')} regexp ${pattern}`,
      sql<SqlBool>`${sql.ref('tickets.reporter_name')} regexp ${pattern}`,
    ]);
  });
}

/** Every word as a required prefix: `+lampu* +kelas*` (MySQL boolean mode) or `"lampu"* "kelas"*` (FTS5). */
function wordMatch(eb: Eb, words: string[], dialect: Dialect): Expression<SqlBool> {
  if (dialect === 'mysql') {
    return sql<SqlBool>`match (${sql.ref('tickets.complaint')}, ${sql.ref('tickets.reporter_name')}) against (${booleanQuery(words)} in boolean mode)`;
  }
  const query = words.map((w) => `"${w}"*`).join(' ');
  return eb('tickets.id', 'in', sql<number>`(select rowid from tickets_fts where tickets_fts match ${query})`);
}

/** The pieces the word index does not hold, each a substring of the complaint or the name. */
export function fragmentConditions(eb: Eb, fragments: string[]): Expression<SqlBool>[] {
  return fragments.map((f) => eb.or([containsText(sql.ref('tickets.complaint'), f), containsText(sql.ref('tickets.reporter_name'), f)]));
}

/** The condition `q` puts on tickets; see SearchPlan. */
export function searchCondition(eb: Eb, q: string, dialect: Dialect): Expression<SqlBool> {
  const plan = planSearch(q);
  if (plan.kind === 'tracking') {
    // A range on the unique index. SQLite's LIKE ignores a BINARY column's index; GLOB uses it.
    return dialect === 'mysql'
      ? sql<SqlBool>`${sql.ref('tickets.tracking_no')} like ${`${plan.value}%`}`
      : sql<SqlBool>`${sql.ref('tickets.tracking_no')} glob ${`${plan.value}*`}`;
  }
  if (plan.kind === 'phone') return eb('tickets.reporter_phone', '=', plan.value!);
  const c: Expression<SqlBool>[] = [];
  if (plan.words.length) c.push(wordMatch(eb, plan.words, dialect));
  c.push(...fragmentConditions(eb, plan.fragments));
  return eb.and(c);
}
