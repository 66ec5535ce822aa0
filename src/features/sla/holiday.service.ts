import type { Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { isUniqueViolation } from '../../db/db-errors';
import type { Work } from '../../db/unit-of-work';
import { conflict, notFound } from '../../errors';
import { parseHolidayFile, type HolidayLine, type RefusedLine } from './holiday-import';
import { deleteHoliday as deleteHolidayRow, findHolidays, insertHolidays, type Holiday } from './holiday.repository';
import { forgetCalendar } from './working-calendar';

type Unit = Parameters<Parameters<Work['run']>[0]>[0];

/**
 * Runs a holiday write and then drops the cached calendar of that database, so the next due time
 * counted in this process already skips (or counts) the day. A day another request stored in the
 * meantime is a 409, not a 500.
 */
async function runAndForget<T>(work: Work, fn: (u: Unit) => Promise<T>): Promise<T> {
  let trx: Transaction<Database> | undefined;
  try {
    return await work.run((u) => {
      trx = u.trx;
      return fn(u);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('day: stored by another request at the same time; try again', { field: 'day' });
    throw err;
  } finally {
    if (trx) forgetCalendar(trx);
  }
}

/** POST /api/holidays: a new holiday (409 when the day is one already), audited as `holiday.create`. */
export function createHoliday(work: Work, h: { day: string; name: string }): Promise<Holiday> {
  return runAndForget(work, async (u) => {
    const [existing] = await findHolidays(u.trx, [h.day]);
    if (existing) throw conflict(`day: ${h.day} is already a holiday (${existing.name})`, { field: 'day' });
    await insertHolidays(u.trx, [h], u.now);
    const created: Holiday = { day: h.day, name: h.name, createdAt: u.now };
    await u.audit({ action: 'holiday.create', entity: 'holiday', entityId: h.day, after: { day: h.day, name: h.name } });
    return created;
  });
}

/** DELETE /api/holidays/:day, audited as `holiday.delete`. */
export function deleteHoliday(work: Work, day: string): Promise<Holiday> {
  return runAndForget(work, async (u) => {
    const [before] = await findHolidays(u.trx, [day]);
    if (!before || !(await deleteHolidayRow(u.trx, day))) throw notFound(`holiday ${day}`);
    await u.audit({ action: 'holiday.delete', entity: 'holiday', entityId: day, before: { day, name: before.name } });
    return before;
  });
}

export interface ImportResult {
  dryRun: boolean;
  added: HolidayLine[];
  existing: (HolidayLine & { storedName: string })[];
  refused: RefusedLine[];
}

/**
 * POST /api/holidays/import: the days of a CSV or iCalendar file. Days already stored are left as they
 * are (so importing the same file twice adds nothing), refused lines are reported and skipped, and the
 * new days are written in one transaction or not at all. A dry run answers the same without writing;
 * a real import is audited as `holiday.import` with its counts, even when it added nothing.
 */
export function importHolidays(
  work: Work,
  i: { format: 'csv' | 'ics'; text: string; dryRun: boolean; timezone: string },
): Promise<ImportResult> {
  const parsed = parseHolidayFile(i.format, i.text, i.timezone);
  return runAndForget(work, async (u) => {
    const stored = new Map(
      (
        await findHolidays(
          u.trx,
          parsed.days.map((d) => d.day),
        )
      ).map((h) => [h.day, h.name]),
    );
    const added = parsed.days.filter((d) => !stored.has(d.day));
    const existing = parsed.days.filter((d) => stored.has(d.day)).map((d) => ({ ...d, storedName: stored.get(d.day)! }));
    const result: ImportResult = { dryRun: i.dryRun, added, existing, refused: parsed.refused };
    if (i.dryRun) return result;
    await insertHolidays(u.trx, added, u.now);
    await u.audit({
      action: 'holiday.import',
      entity: 'holiday',
      entityId: null,
      after: {
        format: i.format,
        added: added.length,
        existing: existing.length,
        refused: parsed.refused.length,
        days: added.map((d) => d.day),
      },
    });
    return result;
  });
}
