import type { Executor } from '../../db/create-db';
import type { DaySummary } from './stats-day';
import type { CreatedRange } from './stats.repository';

/** What the statistics' summary keeps in memory per process, and how it knows it is still right. */

/**
 * A change is looked for from this long before a summary was made: a write whose transaction read
 * the clock before the summary read the tickets but committed after it carries an earlier time.
 */
export const COMMIT_MARGIN_MS = 60_000;
/** Summaries found current longer ago than this are marked current again, so the changes read stay few. */
export const TOUCH_AFTER_MS = 10 * 60_000;
/** …and at once when this many tickets were added since the oldest of them was made. */
export const TOUCH_AFTER_ROWS = 500;

/** Parsed summaries by database and day, while their stored row is the same (fingerprint and time). */
const parsed = new WeakMap<object, Map<string, { stamp: string; summary: DaySummary }>>();
export const MAX_PARSED = 800;

export function parsedOf(ex: Executor) {
  const key = ex.getExecutor().adapter;
  let m = parsed.get(key);
  if (!m) parsed.set(key, (m = new Map<string, { stamp: string; summary: DaySummary }>()));
  return m;
}

/** What changed since the oldest summary (or held open part) was made. */
export interface Feeds {
  changes: Array<{ createdAt: number; at: number }>;
  after: Array<{ id: number; createdAt: number }>;
}

/**
 * The open part of a period (today, a part of a day) as last read, held in memory: when no ticket of
 * it changed or was added since (the same feeds as the closed days, read anyway), it is still what the
 * tickets say. On a desk at work today's tickets change every few minutes and it is read again.
 */
export interface HeldOpen {
  at: number;
  maxId: number;
  days: Map<string, DaySummary>;
}
const heldOpen = new WeakMap<object, Map<string, HeldOpen>>();
export const MAX_HELD = 20;

export function heldOf(ex: Executor) {
  const key = ex.getExecutor().adapter;
  let m = heldOpen.get(key);
  if (!m) heldOpen.set(key, (m = new Map<string, HeldOpen>()));
  return m;
}

export function stillHeld(held: HeldOpen, feeds: Feeds, spans: CreatedRange[]): boolean {
  const inSpans = (t: number) => spans.some((s) => t >= s.from && t < s.to);
  return (
    !feeds.changes.some((c) => inSpans(c.createdAt) && c.at >= held.at - COMMIT_MARGIN_MS) &&
    !feeds.after.some((t) => inSpans(t.createdAt) && t.id > held.maxId)
  );
}
