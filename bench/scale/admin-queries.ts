// The admin API on a large database: list with filters, free-text search, a ticket's detail, statistics, the XLSX export.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { createTokenService } from '../../src/features/auth/token.service';
import { systemClock } from '../../src/shared/clock';
import type { AppProcess } from '../../test/support/app-process';
import { watchPeakRss } from '../lib/probe';
import { JWT_SECRET, type BenchDb } from '../lib/targets';
import { SEARCH_WORDS } from './ticket-history';

export interface EndpointFigure {
  name: string;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  /** Answers other than 200 (404 = the route is not there yet). */
  failures: Record<number, number>;
  /** The statements behind it that took over 20 ms (MariaDB's slow log): count, mean ms, mean rows examined. */
  slowQueries?: Array<{ sql: string; count: number; meanMs: number; rowsExamined: number }>;
}

export interface ExportFigure {
  rows: number;
  seconds: number;
  megabytes: number;
  peakRssMb: number;
  status: number;
}

const DESK = { id: 'ADMB01', name: 'Admin Bench' };
/** The figure of a year's statistics: measured and reported, without the 100 ms target (it reads 12 months of tickets). */
export const STATS_YEAR = 'statistics, 12 months';

/** A desk account (level Staf) and a token signed with the service's own token service and key. */
export async function deskToken(bench: BenchDb, url: string): Promise<string> {
  await bench.query(
    url,
    "INSERT IGNORE INTO staff (id, name, level, username, status, created_at, updated_at) VALUES (?, ?, 'Staf', 'adminbench', 'active', 0, 0)",
    [DESK.id, DESK.name],
  );
  return (await createTokenService(JWT_SECRET, 480, systemClock).sign({ staffId: DESK.id, version: 0, level: 'Staf' })).token;
}

const day = (ms: number) => new Date(ms + 7 * 3600_000).toISOString().slice(0, 10); // a date in WIB

/** The request mix of each figure: a few realistic variants each, so no single cached plan flatters it. */
export async function endpointPaths(bench: BenchDb, url: string, now = Date.now()): Promise<Record<string, string[]>> {
  const max = Number((await bench.query<Array<{ m: number }>>(url, 'SELECT MAX(id) AS m FROM tickets'))[0]?.m ?? 1);
  const ids = Array.from({ length: 100 }, (_, i) => 1 + ((i * 7919 + 13) % max));
  const numbers = await bench.query<Array<{ tracking_no: string }>>(url, 'SELECT tracking_no FROM tickets WHERE id IN (?)', [ids]);
  const monthAgo = day(now - 30 * 86_400_000);
  const yearAgo = day(now - 365 * 86_400_000);
  return {
    'list + filters': [
      '/api/tickets',
      '/api/tickets?status=baru',
      '/api/tickets?status=proses,pending&page=2',
      '/api/tickets?assignee=ADMT07',
      `/api/tickets?status=selesai&from=${monthAgo}&to=${day(now)}`,
      '/api/tickets?reporter=6285700001234',
      '/api/tickets?sort=updatedAt&order=asc&page=3',
    ],
    'free-text search': SEARCH_WORDS.map((w) => `/api/tickets?q=${encodeURIComponent(w)}`).concat([
      '/api/tickets?q=BRT24',
      '/api/tickets?q=bocor&status=ditutup',
    ]),
    'ticket detail': numbers.map((n) => `/api/tickets/${n.tracking_no}`),
    // The desk's "most urgent first": the (sla_due_at, id) index, tickets without a due last.
    'list by due': [
      '/api/tickets?sort=dueAt&order=asc',
      '/api/tickets?sort=dueAt&order=desc',
      '/api/tickets?sort=dueAt&order=asc&page=3',
      '/api/tickets?status=baru,proses&sort=dueAt&order=asc',
    ],
    // The default period (the last 30 days) and named months; a year apart, as it has no target.
    statistics: [
      '/api/stats',
      `/api/stats?from=${monthAgo}&to=${day(now)}`,
      `/api/stats?from=${day(now - 60 * 86_400_000)}&to=${monthAgo}`,
    ],
    [STATS_YEAR]: [`/api/stats?from=${yearAgo}&to=${day(now)}`],
  };
}

/**
 * `requests` GETs over `paths` with `concurrency` in flight (a few desk users at once), or as
 * many as fit in `budgetMs` (at least 20) so a slow endpoint cannot stall the run; exact percentiles.
 */
export async function measureEndpoint(
  app: AppProcess,
  token: string,
  name: string,
  paths: string[],
  requests = 200,
  concurrency = 4,
  budgetMs = 60_000,
): Promise<EndpointFigure> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const times: number[] = [];
  const failures: Record<number, number> = {};
  let next = 0;
  const get = (p: string) =>
    new Promise<number>((resolve) => {
      const req = http.get(`${app.url}${p}`, { agent, headers: { authorization: `Bearer ${token}` }, timeout: 60_000 }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', () => resolve(0));
    });
  for (const p of paths.slice(0, 5)) await get(p); // warm-up: plans and pages in cache, as on a server in use
  const deadline = performance.now() + budgetMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests && (next < 20 || performance.now() < deadline)) {
        const p = paths[next++ % paths.length]!;
        const t = performance.now();
        const status = await get(p);
        times.push(performance.now() - t);
        if (status !== 200) failures[status] = (failures[status] ?? 0) + 1;
      }
    }),
  );
  agent.destroy();
  times.sort((a, b) => a - b);
  const pct = (q: number) => Math.round(times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)]! * 10) / 10;
  return { name, requests: times.length, p50: pct(0.5), p95: pct(0.95), p99: pct(0.99), failures };
}

/**
 * Downloads `query`'s XLSX export to a temp file while sampling the service's resident memory
 * every 50 ms (the peak is reported), then counts the rows in the file with a streaming reader.
 */
export async function measureExport(app: AppProcess, token: string, query: string): Promise<ExportFigure> {
  const file = path.join(os.tmpdir(), `wa-export-${process.pid}.xlsx`);
  const peakRss = watchPeakRss(app.pid);
  const t = performance.now();
  const status = await new Promise<number>((resolve, reject) => {
    http
      .get(`${app.url}/api/tickets/export?${query}`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
        const out = fs.createWriteStream(file);
        res.pipe(out);
        out.on('finish', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      })
      .on('error', reject);
  });
  const seconds = (performance.now() - t) / 1000;
  const peak = peakRss();
  const megabytes = fs.statSync(file).size / 2 ** 20;
  let rows = 0;
  if (status === 200) {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'cache' });
    for await (const sheet of reader) for await (const _row of sheet) rows += 1;
    rows -= 1; // the header
  }
  fs.rmSync(file, { force: true });
  return { rows, seconds, megabytes, peakRssMb: peak, status };
}

/** Turns MariaDB's slow log on (into mysql.slow_log) for statements over 20 ms. */
export async function enableSlowLog(bench: BenchDb): Promise<void> {
  for (const q of ["SET GLOBAL log_output = 'TABLE'", 'SET GLOBAL long_query_time = 0.02', 'SET GLOBAL slow_query_log = 1'])
    await bench.query(bench.server.url, q);
}

/** The slow statements logged since the last call (then forgotten), grouped with literals stripped. */
export async function takeSlowQueries(bench: BenchDb): Promise<NonNullable<EndpointFigure['slowQueries']>> {
  const rows = await bench.query<Array<{ sql_text: string | Buffer; query_time: string; rows_examined: number }>>(
    bench.server.url,
    "SELECT sql_text, TIME_TO_SEC(query_time) + MICROSECOND(query_time) / 1e6 AS query_time, rows_examined FROM mysql.slow_log WHERE sql_text NOT LIKE 'SET %'",
  );
  await bench.query(bench.server.url, 'TRUNCATE TABLE mysql.slow_log');
  const groups = new Map<string, { count: number; ms: number; rows: number }>();
  for (const r of rows) {
    const text = String(r.sql_text)
      .replace(/\s+/g, ' ')
      .replace(/'[^']*'/g, '?')
      .replace(/\b\d+\b/g, '?')
      .replace(/`/g, '');
    const key = text.length > 160 ? `${text.slice(0, 110)} … ${text.slice(-45)}` : text;
    const g = groups.get(key) ?? { count: 0, ms: 0, rows: 0 };
    g.count += 1;
    g.ms += Number(r.query_time) * 1000;
    g.rows += Number(r.rows_examined);
    groups.set(key, g);
  }
  return [...groups]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 3)
    .map(([sql, g]) => ({ sql, count: g.count, meanMs: Math.round(g.ms / g.count), rowsExamined: Math.round(g.rows / g.count) }));
}
