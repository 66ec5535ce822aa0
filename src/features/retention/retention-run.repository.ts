import type { Executor } from '../../db/create-db';
import type { RetentionCounts, RetentionRun, RetentionSettings } from './retention.model';

/** Records the start of a real run; returns its id. */
export async function insertRun(ex: Executor, o: { trigger: string; settings: RetentionSettings; now: number }): Promise<number> {
  const r = await ex
    .insertInto('retention_runs')
    .values({
      trigger: o.trigger,
      started_at: o.now,
      finished_at: null,
      media_months: o.settings.mediaMonths,
      messages_months: o.settings.messagesMonths,
      anonymise_years: o.settings.anonymiseYears,
      media_removed: 0,
      inbound_cleared: 0,
      outbound_cleared: 0,
      tickets_anonymised: 0,
      inbox_cleared: 0,
      error: null,
    })
    .executeTakeFirstOrThrow();
  return Number(r.insertId);
}

/** Records the end of a run (or where it stopped: `error`). */
export async function finishRun(
  ex: Executor,
  id: number,
  o: { counts: RetentionCounts; now: number; error: string | null },
): Promise<void> {
  await ex
    .updateTable('retention_runs')
    .set({
      finished_at: o.now,
      media_removed: o.counts.mediaRemoved,
      inbound_cleared: o.counts.inboundCleared,
      outbound_cleared: o.counts.outboundCleared,
      tickets_anonymised: o.counts.ticketsAnonymised,
      inbox_cleared: o.counts.inboxCleared,
      error: o.error,
    })
    .where('id', '=', id)
    .execute();
}

/** The newest runs first. */
export async function listRuns(ex: Executor, limit: number): Promise<RetentionRun[]> {
  const rows = await ex.selectFrom('retention_runs').selectAll().orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map((r) => ({
    id: Number(r.id),
    trigger: r.trigger,
    startedAt: Number(r.started_at),
    finishedAt: r.finished_at === null ? null : Number(r.finished_at),
    settings: { mediaMonths: Number(r.media_months), messagesMonths: Number(r.messages_months), anonymiseYears: Number(r.anonymise_years) },
    counts: {
      mediaRemoved: Number(r.media_removed),
      inboundCleared: Number(r.inbound_cleared),
      outboundCleared: Number(r.outbound_cleared),
      inboxCleared: Number(r.inbox_cleared),
      ticketsAnonymised: Number(r.tickets_anonymised),
    },
    error: r.error,
  }));
}

/** When the newest run of any process started; null before the first. */
export async function lastRunStartedAt(ex: Executor): Promise<number | null> {
  const r = await ex
    .selectFrom('retention_runs')
    .select((eb) => eb.fn.max('started_at').as('at'))
    .executeTakeFirst();
  return r?.at == null ? null : Number(r.at);
}
