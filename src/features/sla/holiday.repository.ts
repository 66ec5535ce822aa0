import type { Executor } from '../../db/create-db';

/** A day (YYYY-MM-DD in APP_TIMEZONE) on which the SLA clocks do not count. */
export interface Holiday {
  day: string;
  name: string;
  createdAt: number;
}

/** Every holiday's day, for the working calendar (one query; a few dozen rows a year). */
export async function listHolidayDays(ex: Executor): Promise<string[]> {
  const rows = await ex.selectFrom('holidays').select('day').execute();
  return rows.map((r) => r.day);
}

/** The holidays of one year (or all of them), by day. */
export async function listHolidays(ex: Executor, year?: number): Promise<Holiday[]> {
  let q = ex.selectFrom('holidays').select(['day', 'name', 'created_at']);
  // Days are YYYY-MM-DD text, so a year is a range of strings.
  if (year !== undefined) q = q.where('day', '>=', `${year}-01-01`).where('day', '<=', `${year}-12-31`);
  const rows = await q.orderBy('day').execute();
  return rows.map((r) => ({ day: r.day, name: r.name, createdAt: r.created_at }));
}

/** The stored holidays among these days. */
export async function findHolidays(ex: Executor, days: readonly string[]): Promise<Holiday[]> {
  if (days.length === 0) return [];
  const rows = await ex
    .selectFrom('holidays')
    .select(['day', 'name', 'created_at'])
    .where('day', 'in', [...new Set(days)])
    .execute();
  return rows.map((r) => ({ day: r.day, name: r.name, createdAt: r.created_at }));
}

export async function insertHolidays(ex: Executor, rows: readonly { day: string; name: string }[], now: number): Promise<void> {
  if (rows.length === 0) return;
  await ex
    .insertInto('holidays')
    .values(rows.map((r) => ({ day: r.day, name: r.name, created_at: now })))
    .execute();
}

/** Deletes one holiday; false when there was none that day. */
export async function deleteHoliday(ex: Executor, day: string): Promise<boolean> {
  const r = await ex.deleteFrom('holidays').where('day', '=', day).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
