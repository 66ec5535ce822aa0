import { describeEachDialect } from '../support/test-db';
import { startTestApp, type TestApp } from '../support/test-app';
import { textMessage } from '../support/fonnte-payloads';
import { flakyScript, PERMANENT, runUntilQuiet, seeded, simulatedSender, type SimulatedSend } from './gateway-harness';
import { scaled } from './fault-fixtures';

/*
 * The gateway failing in every way Fonnte does (shared/fonnte-notes.md): 5xx, HTTP 200 with
 * status:false for reasons worth retrying and reasons never worth it, no answer at all, and
 * an outage of minutes. Time is the test app's manual clock, so minutes cost milliseconds.
 */
describeEachDialect('the gateway failing', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    app.fonnte.reset();
    await app.db.kysely.deleteFrom('outbound_messages').execute();
  });

  /** `count` #request messages through the webhook; resolves when their replies are queued. */
  async function queueReplies(count: number, tag: string) {
    for (let i = 0; i < count; i++) {
      const res = await app.postWebhook(textMessage(`62877${String(i).padStart(7, '0')}`, `#request ${tag} ${i} kran bocor`));
      expect(res.status).toBe(200);
    }
    await app.services.processor.whenIdle();
    return app.db.kysely.selectFrom('outbound_messages').selectAll().execute();
  }
  const rowsNow = () => app.db.kysely.selectFrom('outbound_messages').selectAll().execute();
  const spanOf = (calls: SimulatedSend[]) => (calls.length ? Math.round((calls.at(-1)!.at - calls[0]!.at) / 1000) : 0);
  const callsFor = (sends: SimulatedSend[], r: { target: string; body: string }) =>
    sends.filter((s) => s.target === r.target && s.message === r.body);

  test('When a share of calls fail with 5xx or status:false, then each reply ends sent once or dead with its permanent reason, never retried early', async () => {
    const random = seeded(6);
    const queued = await queueReplies(scaled(40), 'flaky');
    const script = flakyScript(queued.length * 12, random);
    app.fonnte.script(...script);
    const { worker, sends } = simulatedSender(app, random);
    await runUntilQuiet(app, worker);

    const outcomeOf = (i: number) => script[i]!;
    for (const row of await rowsNow()) {
      const calls = app.fonnte.received
        .map((r, i) => ({ r, b: outcomeOf(i) }))
        .filter(({ r }) => r.target === row.target && r.message === row.body);
      const accepted = calls.filter(({ r }) => r.providerId !== undefined);
      const permanentAt = calls.findIndex(({ b }) => b.kind === 'statusFalse' && PERMANENT.has(b.reason));
      if (row.status === 'sent') {
        expect(accepted).toHaveLength(1);
        expect(permanentAt).toBe(-1);
      } else {
        expect(row.status).toBe('dead');
        expect(accepted).toHaveLength(0);
        // Dead at the first permanent answer, with that reason, and not called again.
        expect(permanentAt).toBe(calls.length - 1);
        expect(row.last_error).toBe((calls[permanentAt]!.b as { reason: string }).reason);
      }
      const at = callsFor(sends, row).map((s) => s.at);
      expect(at.length).toBeLessThanOrEqual(10);
      // Backoff: never again within a second (the floor), so a failing gateway is not hammered.
      for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(1000);
    }
    const final = await rowsNow();
    expect(final.filter((r) => r.status === 'dead').length).toBeGreaterThan(0);
    expect(final.filter((r) => r.status === 'sent').length).toBeGreaterThan(final.length / 2);
  });

  test('When the gateway hangs past the client timeout, then the reply is retried and delivered, repeated at most once per hang', async () => {
    const queued = await queueReplies(scaled(8), 'hang');
    // Half the first calls never answer in time; the fake "queues" them after the client gave up.
    app.fonnte.script(...queued.map((_, i) => (i % 2 === 0 ? { kind: 'hang' as const, ms: 800 } : { kind: 'ok' as const })));
    const { worker, sends } = simulatedSender(app, seeded(7));
    await runUntilQuiet(app, worker);

    const hangs = Math.ceil(queued.length / 2);
    for (const row of await rowsNow()) {
      expect(row.status).toBe('sent');
      const got = app.fonnte.received.filter((r) => r.target === row.target && r.message === row.body);
      expect(got.filter((r) => r.providerId !== undefined)).toHaveLength(1);
      expect(got.length - 1).toBeLessThanOrEqual(1); // one hang per message at most was injected
      expect(row.last_error ?? '').toMatch(got.length > 1 ? /timeout after 300 ms/ : /^$/);
    }
    expect(sends.length).toBe(queued.length + hangs);
  });

  test('When the gateway is down for 10 minutes and then back, then retries back off (no storm), no reply dies, and each is sent once', async () => {
    const queued = await queueReplies(scaled(30), 'outage');
    const t0 = app.clock.now();
    const outageMs = 10 * 60_000;
    app.fonnte.setDefault({ kind: 'http', status: 503, body: 'upstream down' });
    // A client timeout far beyond any scheduling delay: with a 300 ms one, a loaded CI machine
    // answered a send late, the client retried it, and the reply was delivered twice (that is the
    // hang test's subject, not this one's).
    const { worker, sends } = simulatedSender(app, seeded(8), 10_000);
    const took = await runUntilQuiet(app, worker, (now) => {
      if (now >= t0 + outageMs) app.fonnte.setDefault({ kind: 'ok' });
    });

    const final = await rowsNow();
    const during = sends.filter((s) => s.at < t0 + outageMs);
    // Exponential backoff from 5 s: about log2(600 s / 5 s) + 1 ≈ 8 tries each in 10 minutes; a fixed 1 s retry would make 600.
    expect(during.length / queued.length).toBeLessThanOrEqual(9);
    for (const row of final) {
      const at = callsFor(sends, row).map((s) => s.at);
      for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(1000);
      expect(
        app.fonnte.received.filter((r) => r.target === row.target && r.message === row.body && r.providerId).length,
      ).toBeLessThanOrEqual(1);
    }
    // A transient outage of minutes must not use up a reply's attempts: dead here is a reply the reporter never gets.
    const dead = final.filter((r) => r.status === 'dead').map((r) => ({ attempts: r.attempts, spanS: spanOf(callsFor(sends, r)) }));
    expect(dead).toEqual([]);
    expect(took).toBeLessThanOrEqual(outageMs + 15 * 60_000); // back within one more (capped) backoff step
  });
});
