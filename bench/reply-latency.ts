// Reply latency: from a webhook's arrival to the gateway receiving /send, at a fixed 200 messages per second.
import { createDb } from '../src/db/create-db';
import type { AppProcess } from '../test/support/app-process';
import type { FakeFonnte } from '../test/support/fake-fonnte';
import { log } from './lib/env';
import { fixedRate } from './lib/load';
import { verifyService, waitDrained, type Check } from './lib/verify';

export interface ReplyLatency {
  rate: number;
  seconds: number;
  messages: number;
  /** From the service's received_at (its clock, when the webhook arrived). */
  fromArrival: { p50: number; p99: number; max: number };
  /** From the moment the bench sent the request (includes the request itself). */
  fromSend: { p50: number; p99: number };
  ack: { p50: number; p99: number };
  check: Check;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

export async function replyLatency(o: {
  proc: AppProcess;
  dbUrl: string;
  fake: FakeFonnte;
  senders: string[];
  rate: number;
  seconds: number;
}): Promise<ReplyLatency> {
  const db = createDb(o.dbUrl, { poolSize: 2 });
  try {
    const tag = `lat${Date.now() % 100000}`;
    const firstReceipt = o.fake.received.length;
    const sent = await fixedRate({ baseUrl: o.proc.url, tag, senders: o.senders, rate: o.rate, seconds: o.seconds });
    await waitDrained(db, 120_000);
    const acked = new Set([...sent].filter(([, s]) => s.status === 200).map(([k]) => k));
    const check = await verifyService(db, o.fake.received.slice(firstReceipt), tag, acked, 0);

    // Receipt → reply row → inbound row: which message each /send answered.
    const rows = await db.kysely
      .selectFrom('outbound_messages as o')
      .innerJoin('inbound_messages as i', 'i.id', 'o.inbound_message_id')
      .select(['o.target', 'o.body', 'i.body as inboundBody', 'i.received_at'])
      .where('i.body', 'like', `#request ${tag}-%`)
      .execute();
    const byReply = new Map(rows.map((r) => [`${r.target}\u0000${r.body}`, r]));
    const fromArrival: number[] = [];
    const fromSend: number[] = [];
    const worstPerSecond = new Map<number, number>();
    const start = Math.min(...rows.map((r) => Number(r.received_at)));
    for (const receipt of o.fake.received.slice(firstReceipt)) {
      const row = byReply.get(`${receipt.target}\u0000${receipt.message}`);
      if (!row) continue;
      const latency = receipt.at - Number(row.received_at);
      fromArrival.push(latency);
      const second = Math.floor((Number(row.received_at) - start) / 1000);
      worstPerSecond.set(second, Math.max(worstPerSecond.get(second) ?? 0, latency));
      const s = sent.get(row.inboundBody.split(' ')[1]!);
      if (s) fromSend.push(receipt.at - s.at);
    }
    fromArrival.sort((a, b) => a - b);
    fromSend.sort((a, b) => a - b);
    const acks = [...sent.values()]
      .map((s) => s.ackMs ?? NaN)
      .filter(Number.isFinite)
      .sort((a, b) => a - b);
    const result = {
      rate: o.rate,
      seconds: o.seconds,
      messages: sent.size,
      fromArrival: { p50: pct(fromArrival, 50), p99: pct(fromArrival, 99), max: fromArrival.at(-1) ?? NaN },
      fromSend: { p50: pct(fromSend, 50), p99: pct(fromSend, 99) },
      ack: { p50: pct(acks, 50), p99: pct(acks, 99) },
      check,
    };
    log(
      `  reply latency at ${o.rate}/s: p50 ${result.fromArrival.p50} ms, p99 ${result.fromArrival.p99} ms (ack p99 ${result.ack.p99} ms), ${check.ok ? 'OK' : 'CHECK FAILED'}: ${check.detail}`,
    );
    // A tail from one slow stretch (another tenant, a checkpoint) reads differently from one spread evenly.
    log(
      `  worst latency per second of arrival (s:ms): ${[...worstPerSecond]
        .sort((a, b) => a[0] - b[0])
        .map(([sec, ms]) => `${sec}:${ms}`)
        .join(' ')}`,
    );
    return result;
  } finally {
    await db.destroy();
  }
}
