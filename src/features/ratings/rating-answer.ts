/** What a reporter's message says as an answer to the rating question. */
export type RatingAnswer =
  | { kind: 'score'; score: number; comment: string | null }
  /** A number alone that is no score ("7", "0", "10", "4,5"): worth one hint. */
  | { kind: 'out_of_range' }
  /** Anything else ("lima", "ok", a complaint): not an answer; the normal plain flow takes it. */
  | { kind: 'none' };

/** Longest comment kept; the rest of a long message is cut. */
const MAX_COMMENT = 1000;
const STARS = /^(?:(?:⭐|★)\uFE0F?\s*){1,5}$/u;
const NUMBERED = /^(?:(?:⭐|★)\uFE0F?\s*)*(\d+)([.,]\d+)?(?:\s*\/\s*5(?!\d))?(.*)$/su;
/** Punctuation, spaces and stars between the score and the comment. */
const LEAD = /^(?:[\s,.:;!?()\-–—*★]|⭐|\uFE0F)+/u;

/**
 * Reads an answer to "Balas dengan angka 1–5": a message that starts with a lone digit 1–5 (after
 * optional stars, "4/5" too) is a score, and what follows it is the comment ("4 mantap, cepat
 * ditangani"); one to five stars alone count as the score ("⭐⭐⭐⭐"). A number alone that is
 * no score is out of range; a number followed by words that is no score ("10 kursi patah") and
 * words alone ("lima", "ok") are not answers. Pure.
 */
export function parseRatingAnswer(text: string): RatingAnswer {
  const t = text.trim();
  if (STARS.test(t)) return { kind: 'score', score: [...t.matchAll(/⭐|★/gu)].length, comment: null };
  const m = NUMBERED.exec(t);
  if (!m) return { kind: 'none' };
  const [, digits, fraction, tail] = m as unknown as [string, string, string | undefined, string];
  const rest = tail.replace(LEAD, '').trim();
  const n = Number(digits);
  if (fraction !== undefined || digits.length > 1 || n < 1 || n > 5) return rest ? { kind: 'none' } : { kind: 'out_of_range' };
  return { kind: 'score', score: n, comment: rest ? rest.slice(0, MAX_COMMENT) : null };
}
