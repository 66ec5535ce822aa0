import fc from 'fast-check';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';
import { textMessage } from '../support/fonnte-payloads';
import { FAULT_SCALE } from './fault-fixtures';
import { anyJson, deepJson, fonnteishPayload, hostileText, pollutionSeen, prototypeSnapshot } from './hostile-text';

/*
 * Whatever reaches the webhook, the answer is a 2xx or 4xx: a 5xx makes Fonnte redeliver the
 * same bytes 15 times and then drop them, and a crash drops everyone's messages. Nothing
 * posted may change Object.prototype (the service and this test share the process).
 */
const ALLOWED = [200, 400, 403, 413];
const runs = (n: number) => n * FAULT_SCALE;

describeEachDialect('POST /webhooks/fonnte with hostile input', (dialect) => {
  let app: TestApp;
  const before = prototypeSnapshot();
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(async () => {
    expect((await app.http.get('/health')).status).toBe(200);
    await app.close();
    expect(prototypeSnapshot()).toEqual(before);
    expect(pollutionSeen()).toEqual([]);
  });

  const postRaw = (body: string, contentType?: string) => {
    const req = app.http.post('/webhooks/fonnte?secret=test-secret');
    if (contentType) req.set('content-type', contentType);
    return req.send(body);
  };

  test('When Fonnte-shaped payloads carry values of any type, any text and prototype keys, then the answer is never a 5xx and nothing is polluted', async () => {
    await fc.assert(
      fc.asyncProperty(fonnteishPayload, async (json) => {
        const res = await postRaw(json, 'application/json');
        expect(ALLOWED).toContain(res.status);
        expect(pollutionSeen()).toEqual([]);
      }),
      { numRuns: runs(150) },
    );
  });

  test('When any body arrives under any content type, then the answer is never a 5xx', async () => {
    const body = fc.oneof(
      anyJson.map((v) => JSON.stringify(v)),
      hostileText,
      fc.constant('__proto__[polluted]=yes&constructor[prototype][polluted]=yes&sender=6281&message=%23request+x'),
    );
    const type = fc.constantFrom(
      'application/json',
      'application/x-www-form-urlencoded',
      'text/plain',
      'application/json; charset=latin1',
      'multipart/form-data; boundary=x',
      undefined,
    );
    await fc.assert(
      fc.asyncProperty(body, type, async (b, t) => {
        expect(ALLOWED).toContain((await postRaw(b, t)).status);
      }),
      { numRuns: runs(150) },
    );
    expect(pollutionSeen()).toEqual([]);
  });

  test('When a field is far longer than any real one (ids, names, links), then the message is still answered 200, never 5xx', async () => {
    // Lengths, not strings, are generated, so a counterexample prints short; the body stays under the 256 KB limit.
    const long: Record<string, (n: number) => Record<string, unknown>> = {
      sender: (n) => ({ sender: '6'.repeat(n) }),
      groupId: (n) => ({ sender: `${'1'.repeat(n)}@g.us`, member: '6281200000001', isgroup: true }),
      member: (n) => ({ isgroup: true, sender: '120363000000000001@g.us', member: '6'.repeat(n) }),
      url: (n) => ({ url: `https://files.fonnte.com/${'a'.repeat(n)}.jpg` }),
      labels: (n) => ({
        name: 'N'.repeat(n),
        filename: 'f'.repeat(n),
        extension: 'e'.repeat(n),
        type: 't'.repeat(n),
        inboxid: '9'.repeat(n),
      }),
    };
    const case_ = fc.oneof(
      fc.record({ field: fc.constantFrom('sender', 'groupId', 'member'), length: fc.integer({ min: 1, max: 400 }) }),
      fc.record({ field: fc.constant('url'), length: fc.integer({ min: 1, max: 200_000 }) }),
      fc.record({ field: fc.constant('labels'), length: fc.integer({ min: 1, max: 40_000 }) }),
    );
    await fc.assert(
      fc.asyncProperty(case_, async ({ field, length }) => {
        const res = await app.postWebhook(textMessage('6281200000002', '#request panjang sekali', long[field]!(length)));
        expect(res.status).toBe(200);
      }),
      { numRuns: runs(40) },
    );
  });

  test('When each field is one past the size of the column it is stored in, then every message is answered 200', async () => {
    // Column sizes from migrations/0001-initial.ts: varchar(64) ids, TEXT (65,535 bytes) media_url, varchar(100|255|16) labels.
    const cases: Record<string, Record<string, unknown>> = {
      'sender, 65 digits': { sender: '6'.repeat(65) },
      'group id, 65 characters': { sender: `${'1'.repeat(60)}@g.us`, member: '6281200000001', isgroup: true },
      'group member, 65 digits': { sender: '120363000000000002@g.us', member: '6'.repeat(65), isgroup: true },
      'url, 65,536 bytes': { url: `https://files.fonnte.com/${'a'.repeat(65_536 - 28)}.jpg` },
      'name 101, filename 256, extension and type 17, inboxid 61': {
        name: 'N'.repeat(101),
        filename: 'f'.repeat(256),
        extension: 'e'.repeat(17),
        type: 't'.repeat(17),
        inboxid: '9'.repeat(61),
      },
    };
    const answers: Record<string, number> = {};
    for (const [name, fields] of Object.entries(cases)) {
      answers[name] = (await app.postWebhook(textMessage('6281200000004', `#request ${name}`, fields))).status;
    }
    expect(answers).toEqual(Object.fromEntries(Object.keys(cases).map((k) => [k, 200])));
  });

  test('When the JSON is nested deeper than any payload (within the 256 KB limit), then the answer is never a 5xx', async () => {
    const failed: string[] = [];
    for (const depth of [10, 1_000, 5_000, 10_000, 50_000, 100_000]) {
      for (const kind of ['array', 'object'] as const) {
        const body = deepJson(depth, kind);
        if (Buffer.byteLength(body) > 256 * 1024) continue;
        const res = await postRaw(body, 'application/json');
        if (!ALLOWED.includes(res.status)) failed.push(`${kind} depth ${depth}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
      }
    }
    expect(failed).toEqual([]);
  });

  test('When a body is over the limit, then 413 whatever its type, and the service goes on', async () => {
    const big = 'x'.repeat(256 * 1024 + 1);
    expect((await app.postWebhook(textMessage('6281', big))).status).toBe(413);
    expect((await postRaw(`sender=6281&message=${big}`, 'application/x-www-form-urlencoded')).status).toBe(413);
    expect((await postRaw(JSON.stringify([big]), 'application/json')).status).toBe(413);
    expect((await app.postWebhook(textMessage('6281200000003', '#request setelah 413'))).status).toBe(200);
  });
});
