import type { Insertable, Kysely, KyselyPlugin } from 'kysely';
import type { Database, StaffLevel, TicketsTable } from '../../src/db/database';
import { signedIn, type SignedIn } from '../support/api-client';
import { createEmployee } from '../support/factories';
import type { TestApp } from '../support/test-app';

/** Helpers shared by the ticket API suites (test/api/tickets, ticket-*, assignments, messages-outbox, stats, export). */

/** Epoch ms of a wall-clock time in Jakarta (UTC+7, no DST). Months are 1-based. */
export const wib = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => Date.UTC(y, mo - 1, d, h - 7, mi, s);

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

/**
 * Files a ticket through the webhook (`#request …`) as a new employee, or as `phone`,
 * at `at` on the manual clock; returns its row.
 */
export async function fileTicket(app: TestApp, o: { phone?: string; name?: string; unit?: string; complaint?: string; at?: number } = {}) {
  const phone =
    o.phone ?? (await createEmployee(app.db, { ...(o.name ? { name: o.name } : {}), ...(o.unit ? { unit: o.unit } : {}) })).phone;
  if (o.at !== undefined) app.clock.set(o.at);
  await app.say(phone, `#request ${o.complaint ?? 'lampu kelas 3.2 mati'}`);
  const row = await app.db.kysely
    .selectFrom('tickets')
    .selectAll()
    .where('reporter_phone', '=', phone)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return { trackingNo: row.tracking_no, id: row.id, phone, row };
}

let inserted = 0;

/**
 * Writes `n` tickets straight into the table (for volume: thousands in a second), numbered
 * `${prefix}00001…`. `make(i)` overrides columns.
 */
export async function insertTickets(
  app: TestApp,
  n: number,
  prefix: string,
  make: (i: number) => Partial<Insertable<TicketsTable>> = () => ({}),
) {
  const rows: Insertable<TicketsTable>[] = Array.from({ length: n }, (_, i) => {
    inserted += 1;
    return {
      tracking_no: `${prefix}${String(i + 1).padStart(5, '0')}`,
      status: 'baru',
      complaint: `keluhan ${i + 1}`,
      reporter_employee_id: null,
      reporter_phone: `62899${String(inserted).padStart(7, '0')}`,
      reporter_name: `Pelapor ${i + 1}`,
      reporter_unit: 'TIF/IT',
      chat_id: `62899${String(inserted).padStart(7, '0')}`,
      source_message_id: null,
      created_at: wib(2019, 1, 1, 8) + i * 60_000,
      updated_at: wib(2019, 1, 1, 8) + i * 60_000,
      finished_at: null,
      closed_at: null,
      ...make(i),
    };
  });
  for (let i = 0; i < rows.length; i += 250)
    await app.db.kysely
      .insertInto('tickets')
      .values(rows.slice(i, i + 250))
      .execute();
}

/** The audit rows of `action` on `entityId`, oldest first, with their JSON parsed. */
export async function auditRows(app: TestApp, action: string, entityId: string) {
  const rows = await app.db.kysely
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', action)
    .where('entity_id', '=', entityId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    ...r,
    before: r.before_json === null ? null : (JSON.parse(r.before_json) as Record<string, unknown>),
    after: r.after_json === null ? null : (JSON.parse(r.after_json) as Record<string, unknown>),
  }));
}

/**
 * Runs `fn` while every query the app sends is counted (the app reads `db.kysely` per
 * request, so swapping it for a plugin-wrapped instance sees them all).
 */
export async function countQueries<T>(app: TestApp, fn: () => Promise<T>): Promise<{ result: T; queries: number }> {
  let queries = 0;
  const counter: KyselyPlugin = {
    transformQuery: (args) => {
      queries += 1;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  const holder = app.db as { kysely: Kysely<Database> };
  const original = holder.kysely;
  holder.kysely = original.withPlugin(counter);
  try {
    return { result: await fn(), queries };
  } finally {
    holder.kysely = original;
  }
}

/** The messages the fake Fonnte received to `target` since index `from`. */
export const sentTo = (app: TestApp, target: string, from = 0) => app.fonnte.received.slice(from).filter((m) => m.target === target);

/**
 * signedIn() whose token outlives any manual-clock jump: it is signed as of 2100, and the
 * token service checks expiry against the clock (a future issue time is accepted).
 */
export async function staffMember(app: TestApp, level: StaffLevel, overrides: Parameters<typeof signedIn>[2] = {}): Promise<SignedIn> {
  const saved = app.clock.now();
  app.clock.set(Date.UTC(2100, 0, 1));
  try {
    return await signedIn(app, level, overrides);
  } finally {
    app.clock.set(saved);
  }
}
