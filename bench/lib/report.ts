// Markdown tables of a run, with each target and whether this run met it.
import type { BuildsFigure } from '../builds';
import type { IngestRow } from '../ingest';
import { renderPlaces, type PlacesResult } from '../places';
import { renderPeopleImport, type PeopleImportFigure } from '../people-import';
import type { ReplyLatency } from '../reply-latency';
import type { WorkersFigure } from '../outbox-workers';
import type { SlaScanRow } from '../sla-scan';
import { renderSlowGateway, type SlowGatewayFigure } from '../slow-gateway';
import { STATS_YEAR, type EndpointFigure, type ExportFigure } from '../scale/admin-queries';
import type { Machine } from './env';

export interface Results {
  startedAt: string;
  minutes: number;
  /** 1-minute load average sampled every 10 s during the run (the bench itself adds about 1). */
  load: { mean: number; max: number };
  machine: Machine;
  fsyncMs: number;
  ingest: IngestRow[];
  /** Floor and service at c=50, wrk and autocannon-in-the-bench alternated over rounds (floor, service, floor, service, …). */
  compare?: IngestRow[];
  /** Two builds of the service (and a variant) at c=50, rounds alternated (BENCH_ONLY=builds). */
  builds?: BuildsFigure;
  gateway?: { fast: IngestRow; slow: IngestRow; sendsPerSecond: number };
  /** End to end at c=50 with the gateway answering at once, after 200 ms and after 1 s (BENCH_ONLY=slowgw). */
  slowGateway?: SlowGatewayFigure;
  flat?: { empty: IngestRow[]; full: IngestRow[]; floor: IngestRow; loadSeconds: number; tickets: number; sameDay: number };
  reply?: ReplyLatency;
  replyBelowCapacity?: ReplyLatency;
  workers?: WorkersFigure;
  scale: Array<{ tickets: number; generateSeconds: number; endpoints: EndpointFigure[]; export?: ExportFigure }>;
  /** The SLA reminder job's scan on 1,000 and on 1,000,000 tickets (BENCH_ONLY=sla). */
  sla?: SlaScanRow[];
  /** #request on 1,000,000 tickets with and without places (BENCH_ONLY=places). */
  places?: PlacesResult;
  /** 20,000 employees previewed and applied from one XLSX, on SQLite and MariaDB (BENCH_ONLY=people). */
  people?: PeopleImportFigure[];
  notes: string[];
}

const median = (xs: number[]) => {
  const s = [...xs].filter(Number.isFinite).sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2) : NaN;
};
const f0 = (n: number) => (Number.isFinite(n) ? n.toFixed(0) : '–');
const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–');
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : '–');
const mark = (ok: boolean) => (ok ? 'met' : '**missed**');
const table = (head: string[], rows: string[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

function topWait(x: IngestRow): string {
  if (!x.lockWaits) return '–';
  const [q, n] = Object.entries(x.lockWaits.waiting).sort((a, b) => b[1] - a[1])[0] ?? [];
  return q ? `\`${q}\` (${f1((n ?? 0) / x.lockWaits.samples)})` : 'none';
}

function floorOf(r: Results, row: IngestRow): IngestRow | undefined {
  return r.ingest.find(
    (x) => x.target === 'floor' && x.dialect === row.dialect && x.connections === row.connections && x.generator === row.generator,
  );
}

/** Cores each process used while wrk ran: "service 0.93 · mariadb 0.48 · wrk 0.04 · gateway 0.10". */
function cores(x: IngestRow): string {
  const c = x.loadCores ?? {};
  const name: Record<string, string> = { service: x.target === 'floor' ? 'floor' : 'service', generator: 'wrk' };
  return ['service', 'worker', 'mariadb', 'generator', 'gateway', 'bench', 'others']
    .filter((k) => c[k] !== undefined)
    .map((k) => `${name[k] ?? k} ${f2(c[k]!)}`)
    .join(' · ');
}

function ingestTable(rows: IngestRow[], floorFor: (x: IngestRow) => IngestRow | undefined): string {
  return table(
    [
      'target',
      'db',
      'c',
      'acked/s',
      'p50 ms',
      'p99 ms',
      '× floor',
      'end to end/s',
      'end to end × floor',
      'first request → last reply s',
      'peak RSS MB',
      'cores while wrk ran',
      'checks',
    ],
    rows.map((x) => {
      const fl = floorFor(x);
      return [
        x.label,
        x.dialect,
        String(x.connections),
        f0(x.load.rps),
        f1(x.load.p50),
        f1(x.load.p99),
        x.target === 'floor' ? '1' : fl ? f2(x.load.rps / fl.load.rps) : '–',
        x.target === 'floor' ? '–' : f0(x.endToEnd),
        x.target === 'floor' ? '–' : fl ? f2(x.endToEnd / fl.load.rps) : '–',
        x.target === 'floor' ? '–' : f1(x.endToEndSeconds),
        f0(x.peakRssMb),
        cores(x),
        `${x.check.ok ? 'ok' : '**FAILED**'}: ${x.check.detail}${x.load.failed ? `; ${x.load.failed} not 200` : ''}`,
      ];
    }),
  );
}

function usageTable(rows: IngestRow[]): string {
  return table(
    [
      'target',
      'db',
      'c',
      'cpu service',
      'cpu mariadb',
      'cpu wrk',
      'cpu fake gateway',
      'cpu bench',
      'machine busy',
      'disk flushes/req (ms each)',
      'commits/req',
      'queries/req',
      'rows read/req',
      'row-lock waits/req',
      'row-lock ms/req',
      'statement most often waiting for a row lock (waiters per 100 ms sample)',
    ],
    rows.map((x) => [
      x.label,
      x.dialect,
      String(x.connections),
      f2(x.usage.cpuPer1k.service ?? NaN),
      f2(x.usage.cpuPer1k.mariadb ?? NaN),
      f2(x.usage.cpuPer1k.generator ?? NaN),
      f2(x.usage.cpuPer1k.gateway ?? NaN),
      f2(x.usage.cpuPer1k.bench ?? NaN),
      `${f0(x.usage.busy * 100)} %`,
      x.usage.disk ? `${f2(x.usage.disk.flushesPerReq)} (${f2(x.usage.disk.flushMs)})` : '–',
      f2(x.usage.perRequest.Com_commit ?? NaN),
      f1(x.usage.perRequest.Questions ?? NaN),
      f1(x.usage.perRequest.Rows_read ?? NaN),
      f2(x.usage.perRequest.Innodb_row_lock_waits ?? NaN),
      f1(x.usage.perRequest.Innodb_row_lock_time ?? NaN),
      topWait(x),
    ]),
  );
}

/** Medians per build over its rounds whose checks passed, and each build's ratio to the first (before). */
function buildsSection(b: BuildsFigure): string {
  const ok = (name: string) => b.rows.filter((x) => x.build === name && x.check.ok);
  const med = b.builds.map((x) => {
    const rows = ok(x.name);
    const core = (k: string) => median(rows.map((y) => y.loadCores[k] ?? NaN));
    return {
      x,
      n: rows.length,
      ack: median(rows.map((y) => y.load.rps)),
      p99: median(rows.map((y) => y.load.p99)),
      e2e: median(rows.map((y) => y.endToEnd)),
      cores: ['service', 'mariadb', 'generator', 'gateway', 'bench', 'others']
        .map((k) => `${k === 'generator' ? 'wrk' : k} ${f2(core(k))}`)
        .join(' · '),
      cpuPer1k: median(rows.map((y) => y.usage.cpuPer1k.service ?? NaN)),
      // The ratio to the first build within each round (the builds ran back to back), then its median.
      paired: (f: (y: IngestRow) => number) =>
        median(
          rows.map((y) => {
            const b0 = b.rows.find((z) => z.build === b.builds[0]!.name && z.round === y.round && z.check.ok);
            return b0 ? f(y) / f(b0) : NaN;
          }),
        ),
    };
  });
  const base = med[0]!;
  return [
    '## Builds: before and after, alternated (MariaDB, c=50)',
    '',
    `Each build exported with \`git archive\` and run as its own \`wa-ticketing serve\` process (default single process, RUN_WORKER=true) on its own database, all up at once; ${b.rounds} rounds of the c=50 ingest run, the builds taking turns in each round (${b.builds.map((x) => x.name).join(', ')}). Builds: ${b.builds
      .map(
        (x) =>
          `**${x.name}** = \`${x.rev}\` (${x.commit.slice(0, 7)}, "${x.subject.slice(0, 80)}${x.subject.length > 80 ? '…' : ''}")${x.variant ? ` with ${x.variant}` : ''}`,
      )
      .join('; ')}. Medians over the rounds whose checks passed; ratios to **${base.x.name}**.`,
    '',
    table(
      [
        'build',
        'rounds ok',
        'acked/s',
        `acked × ${base.x.name}`,
        `acked × ${base.x.name}, median of the rounds' ratios`,
        'p99 ms',
        'end to end/s',
        `end to end × ${base.x.name}`,
        `end to end × ${base.x.name}, median of the rounds' ratios`,
        'cpu s of the service per 1,000',
        'cores while wrk ran (medians)',
      ],
      med.map((m) => [
        m.x.name,
        `${m.n} of ${b.rounds}`,
        f0(m.ack),
        f2(m.ack / base.ack),
        f2(m.paired((y) => y.load.rps)),
        f1(m.p99),
        f0(m.e2e),
        f2(m.e2e / base.e2e),
        f2(m.paired((y) => y.endToEnd)),
        f2(m.cpuPer1k),
        m.cores,
      ]),
    ),
    '',
    'Every round, in the order run:',
    '',
    ingestTable(b.rows, () => undefined),
    '',
    'Where the time went, every round:',
    '',
    usageTable(b.rows),
    '',
    ...(b.notes.length ? [...b.notes.map((n) => `- ${n}`), ''] : []),
  ].join('\n');
}

export function renderMarkdown(r: Results): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(
    `# Benchmark results`,
    '',
    `Run ${r.startedAt}, ${f1(r.minutes)} minutes. Machine: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGb} GB RAM, ${m.os}, Node ${m.node}, MariaDB ${m.mariadb}, disk ${m.disk}: one 4 KB write + fdatasync takes ${f2(r.fsyncMs)} ms. Load average (1 min) ${f1(m.loadAtStart)} at the start, ${f1(r.load.mean)} on average and ${f1(r.load.max)} at most during the run: the machine is shared, and anything above ~2 is someone else's work.`,
    '',
  );
  out.push(
    'The service, the floor, MariaDB, the load generator of the ingest runs (wrk, one thread) and the fake Fonnte of the ingest runs each run in their own process; the CPU each took while wrk ran is shown beside each figure (cores = CPU seconds ÷ wall seconds, from /proc/<pid>/stat; "others" is the rest of the busy time of the whole machine from /proc/stat, mostly other users of the shared machine). Two rows load the target the old way, with autocannon inside the bench process, for comparison. All share the same cores. The reply-latency, workers and scale parts still use autocannon or a fixed-rate client and the fake Fonnte inside the bench process. MariaDB: innodb_flush_log_at_trx_commit=1, no binlog, 2 GB buffer pool, 1 GB redo log. Ratios compare figures of this same run.',
    '',
  );

  if (r.ingest.length) {
    out.push('## Ingest (`#request` webhooks, closed loop, wrk)', '');
    out.push(
      'acked/s: 200 "accepted" answers per second while wrk ran. End to end: the run\'s messages turned into a ticket and a reply received by the fake gateway, per second from the first request to the last reply.',
      '',
    );
    out.push(
      ingestTable(r.ingest, (x) => floorOf(r, x)),
      '',
    );
    out.push(
      'Where the time went (per 1,000 acknowledged requests: CPU seconds by process from the first request until every reply was sent; wrk over its own run; per request: MariaDB counters and disk flushes):',
      '',
    );
    out.push(usageTable(r.ingest), '');
  }

  if (r.compare?.length) {
    const rows = r.compare;
    const pick = (target: string, generator: string) => rows.filter((x) => x.target === target && x.generator === generator);
    const fig = (generator: 'wrk' | 'autocannon-in-bench') => {
      const [fl, sv] = [pick('floor', generator), pick('service', generator)];
      return {
        floor: median(fl.map((x) => x.load.rps)),
        service: median(sv.map((x) => x.load.rps)),
        p99: median(sv.map((x) => x.load.p99)),
        e2e: median(sv.map((x) => x.endToEnd)),
        gen: median([...fl, ...sv].map((x) => x.loadCores.generator ?? x.loadCores.bench ?? NaN)),
        others: median([...fl, ...sv].map((x) => x.loadCores.others ?? NaN)),
      };
    };
    const [w, a] = [fig('wrk'), fig('autocannon-in-bench')];
    out.push(
      '## Load generator: wrk in its own process against autocannon in the bench process (MariaDB, c=50)',
      '',
      `The same floor and service processes, loaded in turn by each generator, ${rows.length / 4} rounds alternated. Medians: floor ${f0(w.floor)} acked/s with wrk against ${f0(a.floor)} with autocannon (${f2(w.floor / a.floor)}×); service ${f0(w.service)} against ${f0(a.service)} (${f2(w.service / a.service)}×), p99 ${f1(w.p99)} against ${f1(a.p99)} ms; end to end ${f0(w.e2e)} against ${f0(a.e2e)}/s. The generator took ${f2(w.gen)} of a core as wrk, and the bench process ${f2(a.gen)} with autocannon in it; everything else on the machine (other users) ${f2(w.others)} and ${f2(a.others)} cores. Service ÷ floor: ${f2(w.service / w.floor)} with wrk, ${f2(a.service / a.floor)} with autocannon.`,
      '',
      ingestTable(rows, (x) => {
        const i = rows.indexOf(x);
        return x.target === 'service' ? rows[i - 1] : undefined;
      }),
      '',
    );
  }

  if (r.builds) out.push(buildsSection(r.builds));

  const targets: string[][] = [];
  const svc50 = r.ingest.find((x) => x.target === 'service' && x.dialect === 'mysql' && x.connections === 50 && x.generator === 'wrk');
  const fl50 = svc50 && floorOf(r, svc50);
  if (svc50 && fl50) {
    targets.push([
      'ingest ≥ 0.8× floor at c=50 (MariaDB)',
      f2(svc50.load.rps / fl50.load.rps),
      mark(svc50.load.rps / fl50.load.rps >= 0.8 && svc50.check.ok),
    ]);
    targets.push(['ingest p99 ≤ 50 ms at c=50 (MariaDB)', `${f1(svc50.load.p99)} ms`, mark(svc50.load.p99 <= 50)]);
    targets.push([
      'end to end ≥ 0.5× floor at c=50 (MariaDB)',
      f2(svc50.endToEnd / fl50.load.rps),
      mark(svc50.endToEnd / fl50.load.rps >= 0.5 && svc50.check.ok),
    ]);
    const split = r.ingest.find((x) => x.workerProcess && x.dialect === 'mysql' && x.connections === 50);
    if (split) {
      targets.push([
        'end to end ≥ 0.7× floor at c=50, web + worker processes (MariaDB)',
        f2(split.endToEnd / fl50.load.rps),
        mark(split.endToEnd / fl50.load.rps >= 0.7 && split.check.ok),
      ]);
    }
  }
  const sqlite50 = r.ingest.find((x) => x.target === 'service' && x.dialect === 'sqlite' && x.connections === 50);
  if (sqlite50) targets.push(['ingest p99 ≤ 100 ms at c=50 (SQLite)', `${f1(sqlite50.load.p99)} ms`, mark(sqlite50.load.p99 <= 100)]);
  for (const x of [svc50, sqlite50])
    if (x)
      targets.push([
        `peak RSS ≤ 256 MB during the c=50 run and its drain (${x.dialect})`,
        `${f0(x.peakRssMb)} MB`,
        mark(x.peakRssMb <= 256),
      ]);
  if (r.gateway) {
    const g = r.gateway.slow.load.rps / r.gateway.fast.load.rps;
    out.push(
      '## Gateway latency',
      '',
      `Fake Fonnte answering /send after 200 ms, MariaDB, c=50: ${f0(r.gateway.slow.load.rps)} req/s against ${f0(r.gateway.fast.load.rps)} req/s with a fast gateway (${f2(g)}×); p99 ${f1(r.gateway.slow.load.p99)} ms. Replies went out at ${f1(r.gateway.sendsPerSecond)} per second while the gateway was slow. Checks: ${r.gateway.slow.check.ok ? 'ok' : '**FAILED**'}: ${r.gateway.slow.check.detail}.`,
      '',
    );
    targets.push(['ingest with a 200 ms gateway ≥ 0.9× fast', f2(g), mark(g >= 0.9 && r.gateway.slow.check.ok)]);
  }
  if (r.slowGateway) {
    const sg = renderSlowGateway(r.slowGateway);
    out.push(...sg.lines);
    targets.push(sg.target);
  }
  if (r.flat) {
    const fl = r.flat;
    const mean = (rows: IngestRow[], f: (x: IngestRow) => number) => rows.reduce((a, x) => a + f(x), 0) / rows.length;
    const [empty, full] = [mean(fl.empty, (x) => x.load.rps), mean(fl.full, (x) => x.load.rps)];
    const rowsRead = (rows: IngestRow[]) => mean(rows, (x) => x.usage.perRequest.Rows_read ?? NaN);
    const ratio = full / empty;
    const all = [fl.floor, ...fl.empty.flatMap((x, i) => [x, fl.full[i]!])];
    out.push(
      '## Flat cost',
      '',
      ingestTable(all, (x) => (x.target === 'floor' ? undefined : fl.floor)),
      '',
      usageTable(all),
      '',
    );
    out.push(
      `${fl.tickets.toLocaleString('en')} tickets loaded in ${f0(fl.loadSeconds)} s (multi-row INSERTs; ${fl.sameDay.toLocaleString('en')} of them today, so new numbers start at ${fl.sameDay + 1}). c=50, runs alternated: ${f0(full)} req/s with them against ${f0(empty)} req/s on an empty database (${f2(ratio)}×); p99 ${f1(mean(fl.full, (x) => x.load.p99))} against ${f1(mean(fl.empty, (x) => x.load.p99))} ms. Rows read per request: ${f1(rowsRead(fl.full))} full against ${f1(rowsRead(fl.empty))} empty.`,
      '',
    );
    targets.push(['ingest with 1,000,000 tickets ≥ 0.9× empty (holds)', f2(ratio), mark(ratio >= 0.9 && fl.full.every((x) => x.check.ok))]);
  }
  if (r.reply) {
    const x = r.reply;
    out.push(
      '## Reply latency',
      '',
      `${x.messages} messages at a fixed ${x.rate}/s for ${x.seconds} s (open loop), fast gateway. From the webhook's arrival (received_at) to the fake Fonnte receiving /send: p50 ${f0(x.fromArrival.p50)} ms, p99 ${f0(x.fromArrival.p99)} ms, max ${f0(x.fromArrival.max)} ms; from the bench sending it: p50 ${f0(x.fromSend.p50)} ms, p99 ${f0(x.fromSend.p99)} ms. Acknowledgement: p50 ${f0(x.ack.p50)} ms, p99 ${f0(x.ack.p99)} ms. Checks: ${x.check.ok ? 'ok' : '**FAILED**'}: ${x.check.detail}.`,
      '',
    );
    const y = r.replyBelowCapacity;
    if (y)
      out.push(
        `At ${y.rate}/s (below the service's capacity, for diagnosis): p50 ${f0(y.fromArrival.p50)} ms, p99 ${f0(y.fromArrival.p99)} ms from arrival; acknowledgement p99 ${f0(y.ack.p99)} ms. Checks: ${y.check.ok ? 'ok' : '**FAILED**'}: ${y.check.detail}.`,
        '',
      );
    targets.push(['reply latency p50 ≤ 100 ms at 200/s', `${f0(x.fromArrival.p50)} ms`, mark(x.fromArrival.p50 <= 100 && x.check.ok)]);
    targets.push(['reply latency p99 ≤ 500 ms at 200/s', `${f0(x.fromArrival.p99)} ms`, mark(x.fromArrival.p99 <= 500 && x.check.ok)]);
  }
  if (r.workers) {
    const w = r.workers;
    const one = w.rows.find((x) => x.workers === 1)!;
    out.push(
      '## Outbox workers on one backlog (MariaDB)',
      '',
      `${w.backlog} queued replies drained by 1, 2 and 4 workers at once, each with its own pool and 4 sends in flight, the fake Fonnte answering after ${w.gatewayMs} ms; the best of ${w.rounds} rounds, alternated.`,
      '',
    );
    out.push(
      table(
        ['workers', 'seconds', 'sends/s', '× 1 worker', 'checks'],
        w.rows.map((x) => [
          String(x.workers),
          f2(x.seconds),
          f0(x.sendsPerSecond),
          f2(one.seconds / x.seconds),
          `${x.check.ok ? 'ok' : '**FAILED**'}: ${x.check.detail}`,
        ]),
      ),
      '',
    );
    const [s1, s2, s4] = [1, 2, 4].map((n) => w.rows.find((x) => x.workers === n)!);
    targets.push([
      'more outbox workers drain faster (1 < 2 < 4)',
      `${f2(s1!.seconds / s2!.seconds)}× / ${f2(s1!.seconds / s4!.seconds)}×`,
      mark(s4!.seconds < s2!.seconds && s2!.seconds < s1!.seconds && w.rows.every((x) => x.check.ok)),
    ]);
  }
  if (r.scale.length) {
    out.push(
      '## Scale: the admin API on a growing database (MariaDB)',
      '',
      '200 requests per figure, 4 in flight, after a short warm-up; milliseconds. Statistics: the default period (last 30 days) and whole months; a 12-month period apart.',
      '',
    );
    const names = [...new Set(r.scale.flatMap((s) => s.endpoints.map((e) => e.name)))];
    out.push(
      table(
        ['endpoint', ...r.scale.map((s) => `${s.tickets.toLocaleString('en')} tickets p50 / p95 / p99`)],
        names.map((n) => [
          n,
          ...r.scale.map((s) => {
            const e = s.endpoints.find((x) => x.name === n);
            if (!e) return '–';
            const fails = Object.entries(e.failures)
              .map(([k, v]) => `${v}× HTTP ${k}`)
              .join(', ');
            return `${e.p50} / ${e.p95} / ${e.p99}${fails ? ` (${fails})` : ''}`;
          }),
        ]),
      ),
      '',
    );
    out.push(
      `Data generated: ${r.scale.map((s) => `${s.tickets.toLocaleString('en')} tickets after ${f0(s.generateSeconds)} s`).join('; ')}.`,
      '',
    );
    const last = r.scale[r.scale.length - 1]!;
    out.push(
      `Statements over 20 ms behind each figure at ${last.tickets.toLocaleString('en')} tickets (MariaDB slow log; literals replaced by ?):`,
      '',
    );
    out.push(
      table(
        ['endpoint', 'statement', 'times', 'mean ms', 'rows examined'],
        last.endpoints.flatMap((e) =>
          (e.slowQueries ?? []).map((q) => [
            e.name,
            `\`${q.sql.replace(/\|/g, '\\|')}\``,
            String(q.count),
            String(q.meanMs),
            q.rowsExamined.toLocaleString('en'),
          ]),
        ),
      ),
      '',
    );
    for (const s of r.scale) {
      for (const e of s.endpoints) {
        const pending = Object.keys(e.failures).length > 0;
        // A year of statistics reads twelve months of tickets: reported, with no 100 ms target.
        if (e.name === STATS_YEAR)
          targets.push([`${e.name} p95 at ${s.tickets.toLocaleString('en')} (no target)`, `${e.p95} ms`, 'reported']);
        else
          targets.push([
            `${e.name} p95 ≤ 100 ms at ${s.tickets.toLocaleString('en')}`,
            pending ? `${e.p95} ms, not all 200` : `${e.p95} ms`,
            pending ? '**pending/failed**' : mark(e.p95 <= 100),
          ]);
      }
      if (s.export) {
        const x = s.export;
        out.push(
          `Export at ${s.tickets.toLocaleString('en')} tickets: HTTP ${x.status}, ${x.rows.toLocaleString('en')} rows, ${f1(x.megabytes)} MB in ${f1(x.seconds)} s, service peak RSS ${f0(x.peakRssMb)} MB (VmRSS sampled every 50 ms).`,
          '',
        );
        targets.push([
          `export of ${x.rows.toLocaleString('en')} rows: peak RSS ≤ 256 MB`,
          `${f0(x.peakRssMb)} MB`,
          x.status === 200 ? mark(x.peakRssMb <= 256 && x.rows >= 90_000) : '**pending/failed**',
        ]);
      }
    }
  }
  if (r.sla?.length === 2) {
    const [small, big] = r.sla as [SlaScanRow, SlaScanRow];
    out.push('## SLA reminder scan (`listTicketsDueForAlert`)', '');
    out.push(
      `The reminder job's one query, \`next_alert_at <= now ORDER BY next_alert_at LIMIT 100\`, over one connection from the bench process, ${big.runs} times after 200 warm-up scans; the open tickets (2 %, at least 200) have an alert time in the next two weeks and ${big.due} are due in both databases.`,
      '',
      table(
        ['tickets', 'watched', 'due', 'p50 ms', 'p95 ms', 'plan: key', 'type', 'rows', 'extra'],
        r.sla.map((x) => [
          x.tickets.toLocaleString('en'),
          x.watched.toLocaleString('en'),
          String(x.due),
          f2(x.p50),
          f2(x.p95),
          x.plan.key ?? '—',
          x.plan.type,
          String(x.plan.rows),
          x.plan.extra,
        ]),
      ),
      '',
    );
    targets.push([
      'SLA scan flat: p50 with 1,000,000 tickets ≤ 1.5× with 1,000, through tickets_next_alert',
      `${f2(big.p50 / small.p50)}×, ${big.plan.key ?? 'no index'}`,
      mark(big.p50 <= 1.5 * small.p50 && big.plan.key === 'tickets_next_alert' && small.plan.key === 'tickets_next_alert'),
    ]);
  }
  if (r.places) {
    out.push(...renderPlaces(r.places));
    const ratio = (pick: (x: IngestRow) => number) => median(r.places!.with.map(pick)) / median(r.places!.without.map(pick));
    const [ack, e2e] = [ratio((x) => x.load.rps), ratio((x) => x.endToEnd)];
    targets.push([
      'Places on 1,000,000 tickets: acknowledgements and end to end ≥ 0.90× the same run with places off',
      `${f2(ack)}×, ${f2(e2e)}×`,
      mark(ack >= 0.9 && e2e >= 0.9),
    ]);
  }
  if (r.people?.length) {
    const pi = renderPeopleImport(r.people);
    out.push(...pi.lines);
    targets.push([pi.target[0], pi.target[1], mark(pi.target[2])]);
  }
  out.push('## Targets', '', table(['target', 'this run', ''], targets), '');
  if (r.notes.length) out.push('## Notes', '', ...r.notes.map((n) => `- ${n}`), '');
  return out.join('\n');
}
