import { unlink } from 'node:fs/promises';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import type { Db } from '../../db/create-db';
import { inTransaction } from '../../db/transaction';
import type { Logger } from '../../logger';
import { recordAudit } from '../audit/audit.repository';
import { resolveStoredFile } from '../media/media-storage';
import { anonymiseTickets } from './anonymise.repository';
import { finishRun, insertRun, listRuns } from './retention-run.repository';
import { noCounts, type RetentionCounts, type RetentionCutoffs, type RetentionRun, type RetentionSettings } from './retention.model';
import {
  clearInbound,
  clearOutbound,
  countInboundToClear,
  countMediaToRemove,
  countOutboundToClear,
  countTicketsToAnonymise,
  listInboundToClear,
  listMediaToRemove,
  listOutboundToClear,
  listTicketsToAnonymise,
  markMediaRemoved,
  type Cursor,
  type KeyCursor,
} from './retention.repository';
import {
  clearDrafts,
  clearPreviews,
  countDraftsToClear,
  countPreviewsToClear,
  listDraftsToClear,
  listPreviewsToClear,
} from './retention-inbox.repository';

dayjs.extend(utc);

/** Rows per page: each page is one short statement (or transaction), so a run never holds many locks. */
const PAGE = 500;

/** The cut-offs of a run at `now`: calendar months and years back in UTC; null for a rule that is off. */
export function cutoffsAt(s: RetentionSettings, now: number): RetentionCutoffs {
  const back = (n: number, unit: 'month' | 'year') => (n > 0 ? dayjs.utc(now).subtract(n, unit).valueOf() : null);
  return { media: back(s.mediaMonths, 'month'), messages: back(s.messagesMonths, 'month'), anonymise: back(s.anonymiseYears, 'year') };
}

export const anyRuleOn = (s: RetentionSettings) => s.mediaMonths > 0 || s.messagesMonths > 0 || s.anonymiseYears > 0;

/** What a run at `now` would change, rule by rule (null: the rule is off). Reads only. */
export async function previewRetention(
  db: Db,
  settings: RetentionSettings,
  now: number,
): Promise<{ cutoffs: RetentionCutoffs; counts: { [K in keyof RetentionCounts]: number | null } }> {
  const c = cutoffsAt(settings, now);
  const ex = db.kysely;
  const [mediaRemoved, inboundCleared, outboundCleared, previews, drafts, ticketsAnonymised] = await Promise.all([
    c.media === null ? null : countMediaToRemove(ex, c.media),
    c.messages === null ? null : countInboundToClear(ex, c.messages),
    c.messages === null ? null : countOutboundToClear(ex, c.messages),
    c.messages === null ? null : countPreviewsToClear(ex, c.messages),
    c.messages === null ? null : countDraftsToClear(ex, c.messages),
    c.anonymise === null ? null : countTicketsToAnonymise(ex, c.anonymise),
  ]);
  const inboxCleared = previews === null || drafts === null ? null : previews + drafts;
  return { cutoffs: c, counts: { mediaRemoved, inboundCleared, outboundCleared, inboxCleared, ticketsAnonymised } };
}

/** The last `limit` runs of any process, newest first. */
export function retentionRuns(db: Db, limit: number): Promise<RetentionRun[]> {
  return listRuns(db.kysely, limit);
}

/** Asked between pages: true stops the run there (a process shutting down); the next run goes on. */
type StopCheck = () => boolean;

/** Runs `apply` on each page `list` gives, from the oldest, until a page comes back short or `stop()` says so. */
async function pageThrough<C extends Cursor | KeyCursor>(
  list: (after: C | null) => Promise<C[]>,
  apply: (page: C[]) => Promise<number>,
  stop: StopCheck,
): Promise<number> {
  let after: C | null = null;
  let done = 0;
  for (;;) {
    if (stop()) return done;
    const page = await list(after);
    if (page.length) done += await apply(page);
    if (page.length < PAGE) return done;
    after = page[page.length - 1]!;
  }
}

/**
 * Deletes the file first, then marks the row: a crash in between leaves a row the next run
 * finds again (the file already gone is fine), never a personal photo nobody points at.
 */
async function removeMedia(db: Db, dir: string, cutoff: number, now: number, logger: Logger, stop: StopCheck): Promise<number> {
  return pageThrough<Cursor>(
    async (after) => (await listMediaToRemove(db.kysely, { cutoff, after, limit: PAGE })).map((m) => ({ ...m, at: m.createdAt })),
    async (page) => {
      let removed = 0;
      for (const m of page as (Cursor & { storagePath: string })[]) {
        const file = resolveStoredFile(dir, m.storagePath);
        if (file)
          await unlink(file).catch((err: NodeJS.ErrnoException) => {
            if (err.code !== 'ENOENT') throw err;
          });
        else logger.warn({ mediaId: m.id }, 'retention: storage path outside MEDIA_DIR, row marked, nothing deleted');
        if (await markMediaRemoved(db.kysely, m.id, now)) removed++;
      }
      return removed;
    },
    stop,
  );
}

export interface RetentionRunDeps {
  db: Db;
  settings: RetentionSettings;
  /** MEDIA_DIR. */
  mediaDir: string;
  logger: Logger;
  now: () => number;
  /** Checked between pages; default never. */
  shouldStop?: StopCheck;
}

/**
 * One real run of every rule that is on, recorded in `retention_runs`, logged and audited
 * (`retention.run`, counts only). Rows are changed page by page, each change conditional on its
 * marker, so a run stopped half-way is finished by the next and several processes may run at once.
 */
export async function runRetention(
  deps: RetentionRunDeps,
  trigger: 'job' | 'cli',
): Promise<{ id: number; counts: RetentionCounts; error: string | null }> {
  const { db, settings, logger } = deps;
  const startedAt = deps.now();
  const c = cutoffsAt(settings, startedAt);
  const id = await insertRun(db.kysely, { trigger, settings, now: startedAt });
  const counts = noCounts();
  const stop = deps.shouldStop ?? (() => false);
  let error: string | null = null;
  const ids = <K>(page: { id: K }[]) => page.map((p) => p.id);
  const pages = { limit: PAGE };
  try {
    if (c.anonymise !== null) {
      const cutoff = c.anonymise;
      counts.ticketsAnonymised = await pageThrough<Cursor>(
        (after) => listTicketsToAnonymise(db.kysely, { cutoff, after, ...pages }),
        (page) => inTransaction(db, (trx) => anonymiseTickets(trx, ids(page), deps.now())),
        stop,
      );
    }
    if (c.messages !== null) {
      const cutoff = c.messages;
      const ex = db.kysely;
      counts.inboundCleared = await pageThrough<Cursor>(
        (after) => listInboundToClear(ex, { cutoff, after, ...pages }),
        (page) => clearInbound(ex, ids(page), deps.now()),
        stop,
      );
      counts.outboundCleared = await pageThrough<Cursor>(
        (after) => listOutboundToClear(ex, { cutoff, after, ...pages }),
        (page) => clearOutbound(ex, ids(page), deps.now()),
        stop,
      );
      const previews = await pageThrough<KeyCursor>(
        (after) => listPreviewsToClear(ex, { cutoff, after, ...pages }),
        (page) => clearPreviews(ex, ids(page), cutoff),
        stop,
      );
      const drafts = await pageThrough<Cursor>(
        (after) => listDraftsToClear(ex, { cutoff, after, ...pages }),
        (page) => clearDrafts(ex, ids(page)),
        stop,
      );
      counts.inboxCleared = previews + drafts;
    }
    if (c.media !== null) counts.mediaRemoved = await removeMedia(db, deps.mediaDir, c.media, deps.now(), logger, stop);
    if (stop()) error = 'interrupted';
  } catch (err) {
    // The run's row and audit keep only the kind of failure: a driver's message may quote a value.
    error = String((err as { code?: unknown }).code ?? (err instanceof Error ? err.name : 'error'));
    logger.error({ err, runId: id, counts }, 'retention run stopped');
  }
  const finishedAt = deps.now();
  await inTransaction(db, async (trx) => {
    await finishRun(trx, id, { counts, now: finishedAt, error });
    await recordAudit(trx, {
      actor: null,
      action: 'retention.run',
      entity: 'retention_run',
      entityId: String(id),
      after: { trigger, settings, counts, ...(error ? { error: 'stopped' } : {}) },
      now: finishedAt,
    });
  });
  if (!error) logger.info({ runId: id, trigger, settings, counts, ms: finishedAt - startedAt }, 'retention run finished');
  return { id, counts, error };
}
