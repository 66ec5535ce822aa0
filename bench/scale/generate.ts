/*
 * Fills a migrated MariaDB database with tickets as three years of use would leave them:
 * 2,000 employees, 30 technicians, and per ticket its #request and reply, history,
 * assignment and notifications. Multi-row INSERTs on one connection, never the API.
 * Standalone: npx tsx bench/scale/generate.ts <mysql-url> <tickets> [--no-history] [--same-day N]
 */
import mysql from 'mysql2/promise';
import { employeeRows } from '../lib/targets';
import { seeded } from '../../test/support/seeded-random';
import {
  ASSIGNMENT_COLUMNS,
  EVENT_COLUMNS,
  INBOUND_COLUMNS,
  OUTBOUND_COLUMNS,
  TICKET_COLUMNS,
  ticketWithHistory,
  type Generated,
  type Person,
} from './ticket-history';

export interface GenerateOptions {
  url: string;
  /** Tickets to add to what is there. */
  tickets: number;
  /** Events, assignments and messages too (false: tickets and their #request only, for the flat-cost load). */
  history: boolean;
  now?: number;
  /** This many of the new tickets fall on `now`'s day (WIB), numbered first in their month. */
  sameDay?: number;
  seed?: number;
  onProgress?: (done: number) => void;
}

const DAY = 86_400_000;
const WIB = 7 * 3600_000; // Asia/Jakarta has no daylight saving: a fixed offset is exact and far faster than dayjs per row.
const BATCH = 2000;

const TECHNICIANS: Person[] = Array.from({ length: 30 }, (_, i) => ({
  id: `ADMT${String(i + 1).padStart(2, '0')}`,
  name: `Teknisi ${i + 1}`,
  phone: `628139000${String(i + 1).padStart(4, '0')}`,
  unit: 'TBO',
}));

export async function generate(o: GenerateOptions): Promise<{ tickets: number; rows: number; seconds: number }> {
  const t0 = performance.now();
  const now = o.now ?? Date.now();
  const rng = seeded(o.seed ?? 42);
  const conn = await mysql.createConnection({ uri: o.url, supportBigNumbers: true, charset: 'utf8mb4_unicode_ci' });
  await conn.query('SET SESSION foreign_key_checks = 0'); // consistent by construction; checks would only slow the load
  const employees = employeeRows(2000, now - 3 * 365 * DAY);
  const people: Person[] = employees.map((e) => ({ id: e.id, name: e.name, phone: e.phone, unit: `${e.department}/${e.unit}` }));
  await insert(
    conn,
    'employees',
    Object.keys(employees[0]!),
    employees.map((e) => Object.values(e)),
    true,
  );
  await insert(
    conn,
    'staff',
    ['id', 'name', 'level', 'phone', 'username', 'status', 'created_at', 'updated_at'],
    TECHNICIANS.map((t) => [t.id, t.name, 'TBO', t.phone, t.id.toLowerCase(), 'active', now, now]),
    true,
  );

  const max = async (table: string) =>
    Number((await conn.query<mysql.RowDataPacket[]>(`SELECT COALESCE(MAX(id), 0) AS m FROM ${table}`))[0][0]!.m);
  let ticketId = await max('tickets');
  let inboundId = await max('inbound_messages');
  const counters = new Map<string, number>();
  for (const r of (await conn.query<mysql.RowDataPacket[]>('SELECT period, last_value FROM ticket_sequences'))[0])
    counters.set(String(r.period), Number(r.last_value));
  const ids = { inbound: () => ++inboundId };
  let rows = 0;

  for (let done = 0; done < o.tickets; done += BATCH) {
    const n = Math.min(BATCH, o.tickets - done);
    const times = Array.from({ length: n }, (_, i) => (done + i < (o.sameDay ?? 0) ? sameDayTime(now, rng) : spreadTime(now, rng))).sort(
      (a, b) => a - b,
    );
    const batch: Generated[] = times.map((createdAt) => {
      const period = `BRT${yymm(createdAt)}`;
      const seq = (counters.get(period) ?? 0) + 1;
      counters.set(period, seq);
      return ticketWithHistory(
        ++ticketId,
        `${period}${String(seq).padStart(3, '0')}`,
        createdAt,
        now,
        people[Math.floor(rng() * people.length)]!,
        TECHNICIANS,
        ids,
        rng,
        o.history,
      );
    });
    rows += await insert(
      conn,
      'inbound_messages',
      INBOUND_COLUMNS,
      batch.flatMap((g) => g.inbound),
    );
    rows += await insert(
      conn,
      'tickets',
      TICKET_COLUMNS,
      batch.map((g) => g.ticket),
    );
    rows += await insert(
      conn,
      'ticket_events',
      EVENT_COLUMNS,
      batch.flatMap((g) => g.events),
    );
    rows += await insert(
      conn,
      'assignments',
      ASSIGNMENT_COLUMNS,
      batch.flatMap((g) => g.assignments),
    );
    rows += await insert(
      conn,
      'outbound_messages',
      OUTBOUND_COLUMNS,
      batch.flatMap((g) => g.outbound),
    );
    o.onProgress?.(done + n);
  }
  await insert(
    conn,
    'ticket_sequences',
    ['period', 'last_value'],
    [...counters].map(([p, v]) => [p, v]),
    false,
    'ON DUPLICATE KEY UPDATE last_value = GREATEST(last_value, VALUES(last_value))',
  );
  for (const t of ['tickets', 'ticket_events', 'assignments', 'inbound_messages', 'outbound_messages'])
    await conn.query(`ANALYZE TABLE ${t}`);
  await conn.end();
  return { tickets: o.tickets, rows, seconds: (performance.now() - t0) / 1000 };
}

async function insert(
  conn: mysql.Connection,
  table: string,
  columns: string[],
  values: unknown[][],
  ignore = false,
  suffix = '',
): Promise<number> {
  for (let i = 0; i < values.length; i += BATCH) {
    const chunk = values.slice(i, i + BATCH);
    if (chunk.length) await conn.query(`INSERT ${ignore ? 'IGNORE ' : ''}INTO ${table} (${columns.join(',')}) VALUES ? ${suffix}`, [chunk]);
  }
  return values.length;
}

const yymm = (ms: number) => {
  const d = new Date(ms + WIB);
  return `${String(d.getUTCFullYear() % 100).padStart(2, '0')}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
};

/**
 * A moment in the last three years, working hours (WIB) on weekdays mostly. Use grows: the
 * density rises linearly from 1 three years ago to 2 now (a uniform part plus a triangular
 * one), so the recent months the dashboard shows hold more tickets than the old ones.
 */
function spreadTime(now: number, rng: () => number): number {
  const span = 3 * 365 * DAY;
  for (;;) {
    const age = rng() < 2 / 3 ? rng() * span : (1 - Math.sqrt(rng())) * span;
    const day = Math.floor((now - age + WIB) / DAY) * DAY - WIB;
    const weekday = new Date(day + WIB).getUTCDay();
    if ((weekday === 0 || weekday === 6) && rng() < 0.85) continue;
    const t = day + (6.5 + Math.min(rng() * 10 + rng() * 2, 11)) * 3600_000;
    if (t < now) return Math.round(t);
  }
}

/** A moment on `now`'s day in WIB, before now. */
function sameDayTime(now: number, rng: () => number): number {
  const start = Math.floor((now + WIB) / DAY) * DAY - WIB;
  return Math.round(start + rng() * (now - start));
}

if (require.main === module) {
  const [url, count] = process.argv.slice(2);
  const sameDay = process.argv.indexOf('--same-day');
  generate({
    url: url!,
    tickets: Number(count),
    history: !process.argv.includes('--no-history'),
    sameDay: sameDay > 0 ? Number(process.argv[sameDay + 1]) : 0,
    onProgress: (d) => process.stderr.write(`\r${d}`),
  })
    .then((r) => console.log(`\n${JSON.stringify(r)}`))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
