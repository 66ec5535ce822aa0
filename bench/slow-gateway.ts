// Slow gateway (BENCH_ONLY=slowgw): end to end at c=50 with the fake Fonnte answering at once, after 200 ms and after 1 s.
import os from 'node:os';
import type { AppProcess } from '../test/support/app-process';
import type { FakeFonnteProcess } from './lib/fake-fonnte-process';
import { log } from './lib/env';
import { ingestRun, type IngestRow } from './ingest';
import { insertEmployees, startService, type BenchDb } from './lib/targets';
import { outboxAlone, type OutboxAloneRow } from './slow-gateway-outbox';

export interface SlowGatewayRun {
  /** How long the fake Fonnte took to answer each /send (0: at once). */
  gatewayMs: number;
  /** The send limit was fixed at 8 (OUTBOX_MAX_CONCURRENCY=8): the outbox before it adapted. */
  fixed: boolean;
  row: IngestRow;
  /** The service's send limit (wa_ticketing_outbox_send_concurrency), sampled every second from the warm-up on. */
  limit: { first: number; peak: number; last: number };
  /** 1-minute load average when the run ended: the machine is shared. */
  loadAfter: number;
}

export interface SlowGatewayFigure {
  /** One worker draining a queued backlog, no ingest: how fast replies leave at 200 ms and 1 s. */
  outbox: OutboxAloneRow[];
  runs: SlowGatewayRun[];
}

const METRICS_TOKEN = 'bench-metrics-token';
/**
 * The service's defaults (OUTBOX_CONCURRENCY 8, OUTBOX_MAX_CONCURRENCY 128), fast first and last so a
 * machine that slowed down meanwhile shows in the fast figures; and two rows with the limit fixed at 8,
 * the outbox as it was: fast (what adapting costs when the gateway is quick) and at 200 ms.
 */
const RUNS: Array<{ gatewayMs: number; fixed: boolean }> = [
  { gatewayMs: 0, fixed: false },
  { gatewayMs: 0, fixed: true },
  { gatewayMs: 200, fixed: false },
  { gatewayMs: 1000, fixed: false },
  { gatewayMs: 200, fixed: true },
  { gatewayMs: 0, fixed: false },
];

/** Samples the service's send limit until stopped. */
function sampleLimit(baseUrl: string): () => Promise<SlowGatewayRun['limit']> {
  const seen: number[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      try {
        const res = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
        const m = /^wa_ticketing_outbox_send_concurrency (\d+)/m.exec(await res.text());
        if (m) seen.push(Number(m[1]));
      } catch {
        // The service is busy or stopping: the next sample will tell.
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    return { first: seen[0] ?? NaN, peak: seen.length ? Math.max(...seen) : NaN, last: seen.at(-1) ?? NaN };
  };
}

/**
 * The c=50 ingest run of the ingest part (wrk and the fake Fonnte in their own processes) once per
 * row of RUNS, each on a fresh service process (so each starts at OUTBOX_CONCURRENCY) over the same
 * MariaDB database. The gateway is slow from the measured load until every reply was sent.
 */
export async function slowGateway(bench: BenchDb, fake: FakeFonnteProcess): Promise<SlowGatewayFigure> {
  const outbox = await outboxAlone(bench, fake);
  const dbUrl = await bench.create(`slowgw_${Math.random().toString(36).slice(2, 8)}`);
  const runs: SlowGatewayRun[] = [];
  let senders: string[] = [];
  for (const { gatewayMs, fixed } of RUNS) {
    const label = `wa-ticketing, gateway ${gatewayMs} ms${fixed ? ', limit fixed at 8' : ''}`;
    log(`mysql: ${label}`);
    const proc: AppProcess = await startService(dbUrl, fake.url, { METRICS_TOKEN, ...(fixed ? { OUTBOX_MAX_CONCURRENCY: '8' } : {}) });
    try {
      if (senders.length === 0) senders = await insertEmployees(bench, dbUrl);
      const stop = sampleLimit(proc.url);
      const row = await ingestRun(
        bench,
        fake,
        { target: 'service', label, dialect: 'mysql', proc, dbUrl, senders },
        50,
        // ~8,000 replies at 8 per 200 ms take 200 s; at 1 s a send, 128 go per second at most.
        900_000,
        { measuring: () => (gatewayMs > 0 ? fake.setDefault({ kind: 'delay', ms: gatewayMs }) : undefined) },
      );
      await fake.setDefault({ kind: 'ok' });
      const limit = await stop();
      const loadAfter = os.loadavg()[0]!;
      log(
        `  send limit: ${limit.first} at the first sample, ${limit.peak} at most, ${limit.last} at the end; load ${loadAfter.toFixed(1)}`,
      );
      runs.push({ gatewayMs, fixed, row, limit, loadAfter });
    } finally {
      await proc.kill('SIGTERM');
    }
  }
  return { outbox, runs };
}

const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '–');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');

/** The section of RESULTS.md and its target row: end to end with a 200 ms gateway ≥ 0.5× the fast one. */
export function renderSlowGateway(fig: SlowGatewayFigure): { lines: string[]; target: string[] } {
  const fast = fig.runs.filter((x) => x.gatewayMs === 0 && !x.fixed && x.row.check.ok).map((x) => x.row.endToEnd);
  const fastMean = fast.reduce((a, b) => a + b, 0) / Math.max(1, fast.length);
  const head = [
    'gateway answers after',
    'send limit',
    'acked/s',
    'p99 ms',
    'end to end/s',
    '× fast (mean of the adaptive fast rows)',
    'first request → last reply s',
    'send limit first · peak · last',
    'load after',
    'checks',
  ];
  const rows = fig.runs.map((x) => [
    x.gatewayMs === 0 ? 'at once' : `${x.gatewayMs} ms`,
    x.fixed ? 'fixed 8 (before)' : 'adaptive 8–128',
    f0(x.row.load.rps),
    f0(x.row.load.p99),
    f0(x.row.endToEnd),
    f2(x.row.endToEnd / fastMean),
    f0(x.row.endToEndSeconds),
    `${f0(x.limit.first)} · ${f0(x.limit.peak)} · ${f0(x.limit.last)}`,
    x.loadAfter.toFixed(1),
    `${x.row.check.ok ? 'ok' : '**FAILED**'}: ${x.row.check.detail}`,
  ]);
  const slow = fig.runs.find((x) => x.gatewayMs === 200 && !x.fixed);
  const ratio = slow ? slow.row.endToEnd / fastMean : NaN;
  return {
    lines: [
      '## Slow gateway (adaptive send concurrency)',
      '',
      "The c=50 MariaDB ingest run (wrk and the fake Fonnte in their own processes) on a fresh service process per row over one database, the fake answering each /send at once, after 200 ms or after 1 s, from the measured load until every reply was sent. End to end as in the ingest table. Send limit: the service's gauge `wa_ticketing_outbox_send_concurrency`, sampled every second from the warm-up on.",
      '',
      `| ${head.join(' | ')} |`,
      `|${head.map(() => '---').join('|')}|`,
      ...rows.map((r) => `| ${r.join(' | ')} |`),
      '',
      `The outbox alone: one worker's running loop (as in the service) drains ${fig.outbox[0]?.backlog ?? '–'} queued replies to the fake Fonnte in its own process, no ingest.`,
      '',
      '| gateway answers after | send limit | sends/s | seconds | limit at the end | checks |',
      '|---|---|---|---|---|---|',
      ...fig.outbox.map(
        (x) =>
          `| ${x.gatewayMs} ms | ${x.fixed ? 'fixed 8 (before)' : 'adaptive 8–128'} | ${f0(x.sendsPerSecond)} | ${x.seconds.toFixed(1)} | ${x.limitAtEnd} | ${x.check.ok ? 'ok' : '**FAILED**'}: ${x.check.detail} |`,
      ),
      '',
    ],
    target: [
      'end to end with a 200 ms gateway ≥ 0.5× fast',
      f2(ratio),
      Number.isFinite(ratio) && ratio >= 0.5 && slow!.row.check.ok ? 'met' : '**missed**',
    ],
  };
}
