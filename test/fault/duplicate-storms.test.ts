import { auditDeliveries } from '../support/delivery-audit';
import { textMessage } from '../support/fonnte-payloads';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';
import type { Attempt, Delivery } from '../support/webhook-stream';
import { scaled } from './fault-fixtures';
import { seeded } from './gateway-harness';

/*
 * Fonnte redelivers anything it did not see answered 200, and a slow answer can overlap the
 * next try: the same message then arrives several times at once. Every dedupe key kind is
 * used: Fonnte's timestamp, the Inbox id, and the 20-minute window for payloads without either.
 */
describeEachDialect('duplicate storms and same-sender races', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(() => app.close());

  /** Posts one try and records it the way webhook-stream does, so the same audit applies. */
  async function post(payload: object): Promise<Attempt> {
    const startedAt = Date.now();
    const res = await app.postWebhook(payload);
    return { startedAt, endedAt: Date.now(), status: res.status, outcome: (res.body as { status?: string }).status };
  }

  function finish(d: Delivery): Delivery {
    const ok = d.attempts.find((a) => a.status === 200);
    return ok ? { ...d, ackedAt: ok.endedAt } : d;
  }

  test('When each message is delivered 3 to 5 times concurrently, then each is stored, ticketed and answered exactly once', async () => {
    const random = seeded(3);
    const deliveries: Delivery[] = Array.from({ length: scaled(60) }, (_, i) => {
      const key = `storm-${i}`;
      const base = textMessage(`62856${String(i).padStart(7, '0')}`, `#request ${key} ac bocor`);
      // A quarter carry an Inbox id, a quarter no timestamp at all (older devices).
      const payload = i % 4 === 1 ? { ...base, inboxid: 700_000 + i } : i % 4 === 2 ? { ...base, timestamp: undefined } : base;
      return { key, payload, attempts: [] };
    });
    const tries = deliveries.flatMap((d) => Array.from({ length: 3 + Math.floor(random() * 3) }, () => d));
    shuffle(tries, random);

    await Promise.all(tries.map(async (d) => d.attempts.push(await post(d.payload))));
    await app.settle();

    for (const d of deliveries) {
      expect(d.attempts.map((a) => a.status)).toEqual(d.attempts.map(() => 200));
      expect(d.attempts.filter((a) => a.outcome === 'accepted')).toHaveLength(1);
    }
    const report = await auditDeliveries({
      db: app.db.kysely,
      deliveries: deliveries.map(finish),
      receipts: app.fonnte.received,
      faults: [],
      expectTickets: true,
    });
    expect(report.problems).toEqual([]);
    expect(report.stored).toBe(deliveries.length);
  });

  test('When one phone sends 50 messages at once on the first day of a month, then 50 tickets get 50 distinct consecutive numbers and 50 replies', async () => {
    app.clock.set(Date.UTC(2024, 11, 31, 17, 0, 5)); // 1 January 2025 00:00:05 WIB: the month's counter does not exist yet
    const phone = '6282111476069';
    const deliveries: Delivery[] = Array.from({ length: 50 }, (_, i) => ({
      key: `race-${i}`,
      payload: textMessage(phone, `#request race-${i} proyektor ruang ${i} rusak`),
      attempts: [],
    }));
    await Promise.all(deliveries.map(async (d) => d.attempts.push(await post(d.payload))));
    await app.settle();

    const report = await auditDeliveries({
      db: app.db.kysely,
      deliveries: deliveries.map(finish),
      receipts: app.fonnte.received,
      faults: [],
      expectTickets: true,
    });
    expect(report.problems).toEqual([]);
    const numbers = (await app.db.kysely.selectFrom('tickets').select('tracking_no').where('reporter_phone', '=', phone).execute())
      .map((t) => t.tracking_no)
      .sort();
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => `BRT2501${String(i + 1).padStart(3, '0')}`));
    const replies = app.fonnte.received.filter((r) => r.target === phone);
    expect(numbers.map((n) => replies.filter((r) => r.message.includes(`*${n}*`)).length)).toEqual(numbers.map(() => 1));
  });
});

function shuffle<T>(items: T[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
