// The outbox alone against a slow gateway: one OutboxWorker's running loop (the service's path) drains a
// backlog of queued replies, limit adaptive (8 → 128, the defaults) or fixed at 8 (the outbox before).
// What the service's end to end cannot show on a busy machine: how fast replies leave once they are queued.
import pino from 'pino';
import { createDb } from '../src/db/create-db';
import { migrateToLatest } from '../src/db/migrate';
import { createFonnteClient } from '../src/fonnte/fonnte-client';
import { OutboxWorker } from '../src/features/outbox/outbox.worker';
import { systemClock } from '../src/shared/clock';
import { replaceOutboxBacklog } from '../test/support/factories';
import type { FakeFonnteProcess } from './lib/fake-fonnte-process';
import { log, waitFor } from './lib/env';
import type { BenchDb } from './lib/targets';
import type { Check } from './lib/verify';

export interface OutboxAloneRow {
  gatewayMs: number;
  fixed: boolean;
  backlog: number;
  seconds: number;
  sendsPerSecond: number;
  /** The worker's send limit when the backlog was gone. */
  limitAtEnd: number;
  check: Check;
}

const BACKLOG = 2000;
const RUNS: Array<{ gatewayMs: number; fixed: boolean }> = [
  { gatewayMs: 200, fixed: false },
  { gatewayMs: 1000, fixed: false },
  { gatewayMs: 200, fixed: true },
];

/** Each run on the same MariaDB database, the backlog replaced; the fake Fonnte is the bench's own process. */
export async function outboxAlone(bench: BenchDb, fake: FakeFonnteProcess): Promise<OutboxAloneRow[]> {
  const db = createDb(await bench.create('slowgw_outbox'), { poolSize: 10 });
  await migrateToLatest(db);
  const rows: OutboxAloneRow[] = [];
  try {
    for (const { gatewayMs, fixed } of RUNS) {
      await replaceOutboxBacklog(db, BACKLOG, `g${gatewayMs}${fixed ? 'f' : 'a'}`, Date.now());
      await fake.reset();
      await fake.setDefault({ kind: 'delay', ms: gatewayMs });
      const worker = new OutboxWorker({
        db,
        clock: systemClock,
        logger: pino({ level: 'silent' }),
        client: createFonnteClient({ apiUrl: fake.url, token: 'bench-token', timeoutMs: 15_000, maxSockets: 128 }),
        maxAttempts: 10,
        concurrency: 8,
        maxConcurrency: fixed ? 8 : 128,
      });
      const started = performance.now();
      worker.start();
      await waitFor(async () => (await fake.count()) >= BACKLOG, `${BACKLOG} sends at ${gatewayMs} ms`, 600_000, 100);
      const seconds = (performance.now() - started) / 1000;
      await worker.stop();
      const limitAtEnd = worker.sendLimit;
      const statuses = await db.kysely.selectFrom('outbound_messages').select(['status', 'attempts']).execute();
      const receipts = await fake.receivedFrom(0);
      const sentOnce = statuses.filter((r) => r.status === 'sent' && Number(r.attempts) === 1).length;
      const distinct = new Set(receipts.map((r) => `${r.target}|${r.message}`)).size;
      const check = {
        ok: sentOnce === BACKLOG && receipts.length === BACKLOG && distinct === BACKLOG,
        detail: `${sentOnce} of ${BACKLOG} sent with one attempt, ${receipts.length} received (${distinct} distinct)`,
      };
      log(
        `outbox alone, ${gatewayMs} ms, ${fixed ? 'fixed 8' : 'adaptive'}: ${(BACKLOG / seconds).toFixed(0)} sends/s, limit ${limitAtEnd}; ${check.detail}`,
      );
      rows.push({ gatewayMs, fixed, backlog: BACKLOG, seconds, sendsPerSecond: BACKLOG / seconds, limitAtEnd, check });
    }
  } finally {
    await fake.setDefault({ kind: 'ok' });
    await db.destroy();
  }
  return rows;
}
