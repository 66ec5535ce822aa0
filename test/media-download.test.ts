import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createDb, type Db } from '../src/db/create-db';
import { inTransaction } from '../src/db/transaction';
import { isPublicAddress } from '../src/features/media/ip-address';
import { claimDueMedia, markMediaFailed, queueMediaDownload } from '../src/features/media/media.repository';
import { MediaWorker, type MediaWorkerOptions } from '../src/features/media/media.worker';
import { DownloadError, safeDownload } from '../src/features/media/safe-download';
import { signedIn } from './support/api-client';
import { createEmployee } from './support/factories';
import { MEDIA_HOST, PNG_BYTES, serve, startHttpsFixture, status, type HttpsFixture } from './support/https-fixture';
import { startTestApp, type TestApp } from './support/test-app';
import { describeEachDialect } from './support/test-db';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function failure(p: Promise<unknown>): Promise<DownloadError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof DownloadError) return err;
    throw err;
  }
  throw new Error('expected the download to fail');
}

describe('safeDownload', () => {
  let fx: HttpsFixture;
  let dir: string;
  let n = 0;
  const dest = () => join(dir, `file-${++n}`);

  beforeAll(async () => {
    fx = await startHttpsFixture();
    dir = mkdtempSync(join(tmpdir(), 'wa-media-dl-'));
  });
  afterAll(async () => {
    await fx?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('When an allowed host serves a PNG over https, then the bytes, size, type and sha256 are kept and the connection used the vetted address', async () => {
    fx.route('/photo.png', serve(PNG_BYTES, 'image/png'));
    const file = dest();
    const resolvedBefore = fx.resolved.length;

    const got = await safeDownload(fx.url('/photo.png'), file, fx.downloadOptions());

    expect(got).toEqual({ contentType: 'image/png', extension: 'png', sizeBytes: PNG_BYTES.length, sha256: sha256(PNG_BYTES) });
    expect(readFileSync(file).equals(PNG_BYTES)).toBe(true);
    // files.fonnte.test exists only in the fake resolver, asked once: the socket went to its answer.
    expect(fx.resolved.slice(resolvedBefore)).toEqual([MEDIA_HOST]);
  });

  test('When the content type has parameters or the jpg alias, then it is stored under the canonical type', async () => {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 1)]);
    fx.route('/photo.jpg', serve(jpeg, 'image/jpg; charset=binary'));
    const got = await safeDownload(fx.url('/photo.jpg'), dest(), fx.downloadOptions());
    expect(got).toMatchObject({ contentType: 'image/jpeg', extension: 'jpg', sizeBytes: 64 });
  });

  test('When the server redirects, then the download fails with "redirect", the target is not fetched and no file is left', async () => {
    fx.route('/moved', status(302, { location: fx.url('/photo.png') }));
    fx.route('/photo.png', serve(PNG_BYTES, 'image/png'));
    const file = dest();
    const before = fx.requests.length;

    const err = await failure(safeDownload(fx.url('/moved'), file, fx.downloadOptions()));

    expect(err).toMatchObject({ reason: 'redirect', retriable: false });
    expect(fx.requests.slice(before)).toEqual(['/moved']);
    expect(existsSync(file)).toBe(false);
  });

  test('When the host is not on the allow list, then "host_not_allowed" and nothing is resolved or requested', async () => {
    const before = { requests: fx.requests.length, resolved: fx.resolved.length };
    const err = await failure(
      safeDownload(fx.url('/photo.png'), dest(), fx.downloadOptions({ allowedHosts: ['fonnte.com', '*.fonnte.com'] })),
    );
    expect(err).toMatchObject({ reason: 'host_not_allowed', retriable: false });
    expect(fx.requests.length).toBe(before.requests);
    expect(fx.resolved.length).toBe(before.resolved);
  });

  test('When a wildcard entry is the bare domain, then only names below it match', async () => {
    const err = await failure(safeDownload(`https://fonnte.test:${fx.port}/x`, dest(), fx.downloadOptions()));
    expect(err.reason).toBe('host_not_allowed');
  });

  test.each([
    ['127.0.0.1'],
    ['10.1.2.3'],
    ['169.254.169.254'],
    ['100.64.0.7'],
    ['192.168.1.10'],
    ['172.20.0.1'],
    ['0.0.0.0'],
    ['224.0.0.1'],
    ['::1'],
    ['::'],
    ['::ffff:10.0.0.1'],
    ['fd12:3456::1'],
    ['fe80::1'],
    ['64:ff9b::a00:1'],
  ])('When the allowed host resolves to %s, then "private_address" and no connection is made', async (address) => {
    const before = fx.requests.length;
    const opts = fx.downloadOptions({ allowPrivateAddresses: false, resolve: async () => [address] });
    const err = await failure(safeDownload(fx.url('/photo.png'), dest(), opts));
    expect(err).toMatchObject({ reason: 'private_address', retriable: false });
    expect(fx.requests.length).toBe(before);
  });

  test('When the name resolves to a public and a private address, then it is refused', async () => {
    const opts = fx.downloadOptions({ allowPrivateAddresses: false, resolve: async () => ['93.184.215.14', '10.0.0.5'] });
    expect((await failure(safeDownload(fx.url('/photo.png'), dest(), opts))).reason).toBe('private_address');
  });

  test('When the URL names a private IP literal that is on the allow list, then it is still refused', async () => {
    const opts = fx.downloadOptions({ allowPrivateAddresses: false, allowedHosts: ['127.0.0.1'] });
    const err = await failure(safeDownload(`https://127.0.0.1:${fx.port}/photo.png`, dest(), opts));
    expect(err.reason).toBe('private_address');
  });

  test('When Content-Length is above the cap, then "too_large" before the body is read', async () => {
    fx.route('/big', (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(10 * 1024 * 1024) });
      res.write(PNG_BYTES); // and then nothing: the client must not wait for the rest
    });
    const file = dest();
    // No stopwatch: a client that waited for the rest would end in "timeout" (the server never sends it).
    const err = await failure(safeDownload(fx.url('/big'), file, fx.downloadOptions({ maxBytes: 1024 })));
    expect(err).toMatchObject({ reason: 'too_large', retriable: false });
    expect(existsSync(file)).toBe(false);
  });

  test('When a body without Content-Length grows past the cap, then the stream is aborted with "too_large" and no file is left', async () => {
    let written = 0;
    fx.route('/endless', (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' }); // chunked
      res.write(PNG_BYTES);
      const timer = setInterval(() => {
        if (res.destroyed || written > 5 * 1024 * 1024) return clearInterval(timer);
        written += 16 * 1024;
        res.write(Buffer.alloc(16 * 1024));
      }, 1);
      res.on('close', () => clearInterval(timer));
    });
    const file = dest();
    const err = await failure(safeDownload(fx.url('/endless'), file, fx.downloadOptions({ maxBytes: 64 * 1024 })));
    expect(err).toMatchObject({ reason: 'too_large', retriable: false });
    expect(written).toBeLessThan(5 * 1024 * 1024);
    expect(existsSync(file)).toBe(false);
  });

  test('When the server sends text/html, then "bad_type"', async () => {
    fx.route('/page', serve('<html><script>alert(1)</script></html>', 'text/html'));
    const err = await failure(safeDownload(fx.url('/page'), dest(), fx.downloadOptions()));
    expect(err).toMatchObject({ reason: 'bad_type', retriable: false });
  });

  test('When HTML is labelled image/png, then the bytes give it away: "bad_type"', async () => {
    fx.route('/fake.png', serve('<html><body>not a picture, honest</body></html>', 'image/png'));
    const file = dest();
    const err = await failure(safeDownload(fx.url('/fake.png'), file, fx.downloadOptions()));
    expect(err.reason).toBe('bad_type');
    expect(existsSync(file)).toBe(false);
  });

  test('When the body is compressed, then "bad_encoding" (the bytes would not be the file)', async () => {
    fx.route('/gz', serve(PNG_BYTES, 'image/png', { 'content-encoding': 'gzip' }));
    expect((await failure(safeDownload(fx.url('/gz'), dest(), fx.downloadOptions()))).reason).toBe('bad_encoding');
  });

  test('When the file is gone (404), then "http_404", not worth retrying', async () => {
    const err = await failure(safeDownload(fx.url('/expired'), dest(), fx.downloadOptions()));
    expect(err).toMatchObject({ reason: 'http_404', retriable: false });
  });

  test('When the server answers 503, then "http_503", worth retrying', async () => {
    fx.route('/busy', status(503));
    expect(await failure(safeDownload(fx.url('/busy'), dest(), fx.downloadOptions()))).toMatchObject({
      reason: 'http_503',
      retriable: true,
    });
  });

  test('When the URL is http://, then "scheme" and nothing is requested', async () => {
    const before = fx.requests.length;
    const err = await failure(safeDownload(`http://${MEDIA_HOST}:${fx.port}/photo.png`, dest(), fx.downloadOptions()));
    expect(err).toMatchObject({ reason: 'scheme', retriable: false });
    expect(fx.requests.length).toBe(before);
  });

  test('When the URL is not a URL or carries credentials, then "bad_url"', async () => {
    expect((await failure(safeDownload('not a url', dest(), fx.downloadOptions()))).reason).toBe('bad_url');
    expect((await failure(safeDownload(`https://u:p@${MEDIA_HOST}:${fx.port}/x`, dest(), fx.downloadOptions()))).reason).toBe('bad_url');
  });

  test.each([
    ['never answers', (): void => undefined],
    [
      'sends headers, then stalls',
      ((_req, res) => {
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': '5000' });
        res.write(PNG_BYTES);
      }) as Parameters<HttpsFixture['route']>[1],
    ],
  ])('When the server %s, then "timeout" within the cap, retriable', async (_name, handler) => {
    fx.route('/slow', handler);
    const file = dest();
    const started = Date.now();
    const err = await failure(safeDownload(fx.url('/slow'), file, fx.downloadOptions({ timeoutMs: 300 })));
    expect(err).toMatchObject({ reason: 'timeout', retriable: true });
    // Bounds the whole download, not each wait; loose, because a busy machine delays timers.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(existsSync(file)).toBe(false);
  });

  test('When the certificate is not trusted, then "tls"', async () => {
    fx.route('/photo.png', serve(PNG_BYTES, 'image/png'));
    const { ca: _ca, ...untrusted } = fx.downloadOptions();
    expect((await failure(safeDownload(fx.url('/photo.png'), dest(), untrusted))).reason).toBe('tls');
  });

  test('When addresses are classified, then only public ones pass, including IPv4 inside IPv6', () => {
    const pub = ['8.8.8.8', '93.184.215.14', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'];
    const priv = [
      '127.0.0.1',
      '10.0.0.1',
      '172.31.255.255',
      '192.168.0.1',
      '169.254.0.1',
      '100.127.255.255',
      '255.255.255.255',
      '::1',
      '::',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '64:ff9b::7f00:1',
      '2002:a00:1::',
      'fc00::1',
      'fe80::1%eth0',
      'ff02::1',
      'localhost',
    ];
    expect(pub.filter((a) => !isPublicAddress(a))).toEqual([]);
    expect(priv.filter((a) => isPublicAddress(a))).toEqual([]);
  });
});

describeEachDialect('media worker', (dialect) => {
  let app: TestApp;
  let fx: HttpsFixture;
  let mediaDir: string;
  const workers: MediaWorker[] = [];
  let path = 0;

  beforeAll(async () => {
    mediaDir = mkdtempSync(join(tmpdir(), 'wa-media-'));
    fx = await startHttpsFixture();
    app = await startTestApp(dialect, { MEDIA_DIR: mediaDir });
  });
  afterAll(async () => {
    await app?.close();
    await fx?.close();
    rmSync(mediaDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    // drain() takes everything due, so rows left by an earlier test would be counted.
    await app.db.kysely.deleteFrom('media').execute();
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  });

  function makeWorker(over: Partial<MediaWorkerOptions> = {}): MediaWorker {
    const w = new MediaWorker({
      db: app.db,
      clock: app.clock,
      logger: pino({ level: 'silent' }),
      dir: mediaDir,
      download: fx.downloadOptions(),
      random: () => 0.5,
      ...over,
    });
    workers.push(w);
    return w;
  }
  async function newTicket(): Promise<number> {
    const emp = await createEmployee(app.db);
    await app.say(emp.phone, '#request proyektor ruang 2.1 mati');
    const t = await app.db.kysely.selectFrom('tickets').select('id').where('reporter_phone', '=', emp.phone).executeTakeFirstOrThrow();
    return t.id;
  }
  const queue = (ticketId: number, url: string) =>
    inTransaction(app.db, (trx) =>
      queueMediaDownload(trx, {
        ticketId,
        ticketEventId: null,
        inboundMessageId: null,
        sourceUrl: url,
        originalFilename: '../../etc/passwd.png',
        now: app.clock.now(),
      }),
    );
  const row = (id: number) => app.db.kysely.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const uniquePath = (name: string) => `/${dialect}/${++path}/${name}`;

  test('When a queued photo is drained, then it is stored under MEDIA_DIR by id and hash, and GET /api/media/:id serves the same bytes', async () => {
    const ticketId = await newTicket();
    const p = uniquePath('IMG-20240916.png');
    fx.route(p, serve(PNG_BYTES, 'image/png'));
    const id = await queue(ticketId, fx.url(p));

    expect(await makeWorker().drain()).toBe(1);

    const r = await row(id);
    const hash = sha256(PNG_BYTES);
    expect(r).toMatchObject({
      status: 'stored',
      attempts: 1,
      content_type: 'image/png',
      sha256: hash,
      error: null,
      due_at: null,
      claim_token: null,
    });
    expect(Number(r.size_bytes)).toBe(PNG_BYTES.length);
    // The sender's filename never reaches the disk.
    expect(r.storage_path).toBe(`2024/09/${id}-${hash.slice(0, 16)}.png`);
    expect(readFileSync(join(mediaDir, r.storage_path!)).equals(PNG_BYTES)).toBe(true);
    expect(readdirSync(join(mediaDir, '.partial'))).toEqual([]);

    const admin = await signedIn(app, 'Administrator');
    const res = await admin
      .get(`/api/media/${id}`)
      .buffer(true)
      .parse((resp, cb) => {
        const chunks: Buffer[] = [];
        resp.on('data', (c: Buffer) => chunks.push(c));
        resp.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect((res.body as Buffer).equals(PNG_BYTES)).toBe(true);
    expect(res.headers['content-type']).toBe('image/png');
  });

  test('When the file host fails with 503, then the download is retried with backoff and stored once it recovers', async () => {
    const ticketId = await newTicket();
    const p = uniquePath('retry.png');
    fx.sequence(p, status(503), serve(PNG_BYTES, 'image/png'));
    const id = await queue(ticketId, fx.url(p));
    const worker = makeWorker();

    expect(await worker.drain()).toBe(1);
    let r = await row(id);
    expect(r).toMatchObject({ status: 'pending', attempts: 1, claim_token: null, error: 'http_503: HTTP 503' });
    // random 0.5: half of the 5 s ceiling for the first retry.
    expect(Number(r.due_at)).toBe(app.clock.now() + 2500);
    expect(await worker.drain()).toBe(0);

    app.clock.set(Number(r.due_at));
    expect(await worker.drain()).toBe(1);
    r = await row(id);
    expect(r).toMatchObject({ status: 'stored', attempts: 2, error: null, sha256: sha256(PNG_BYTES) });
  });

  test('When every attempt fails, then the worker gives up after maxAttempts with the last reason, and the ticket is untouched', async () => {
    const ticketId = await newTicket();
    const before = await app.db.kysely.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirstOrThrow();
    const p = uniquePath('down.png');
    fx.route(p, status(500));
    const id = await queue(ticketId, fx.url(p));
    const worker = makeWorker({ maxAttempts: 3 });

    for (let i = 0; i < 5; i++) {
      await worker.drain();
      const due = (await row(id)).due_at;
      if (due === null) break;
      app.clock.set(Number(due));
    }

    expect(await row(id)).toMatchObject({ status: 'failed', attempts: 3, due_at: null, error: 'http_500: HTTP 500', storage_path: null });
    expect(fx.requests.filter((r) => r === p)).toHaveLength(3);
    expect(await app.db.kysely.selectFrom('tickets').selectAll().where('id', '=', ticketId).executeTakeFirstOrThrow()).toEqual(before);
  });

  test('When a retry would fall after Fonnte’s 30 minutes, then the download fails at once', async () => {
    const ticketId = await newTicket();
    const p = uniquePath('late.png');
    fx.route(p, status(502));
    const id = await queue(ticketId, fx.url(p));
    app.clock.advance(30 * 60_000 - 1000);

    expect(await makeWorker().drain()).toBe(1);
    expect(await row(id)).toMatchObject({ status: 'failed', attempts: 1, error: 'http_502: HTTP 502' });
  });

  test('When the file host redirects, then the download fails without a retry and the API says why', async () => {
    const ticketId = await newTicket();
    const p = uniquePath('moved.png');
    fx.route(p, status(301, { location: 'https://169.254.169.254/latest/meta-data/' }));
    const id = await queue(ticketId, fx.url(p));

    expect(await makeWorker().drain()).toBe(1);
    const r = await row(id);
    expect(r).toMatchObject({ status: 'failed', attempts: 1, due_at: null });
    expect(r.error).toMatch(/^redirect: /);

    const staf = await signedIn(app, 'Staf');
    const res = await staf.get(`/api/media/${id}`);
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NOT_FOUND', details: { status: 'failed', reason: 'redirect' } });
  });

  test('When a worker claims a download and dies, then another claims it after the lease and stores it; the dead one can record nothing', async () => {
    const ticketId = await newTicket();
    const p = uniquePath('lease.png');
    fx.route(p, serve(PNG_BYTES, 'image/png'));
    const id = await queue(ticketId, fx.url(p));
    const [claimed] = await claimDueMedia(app.db, { now: app.clock.now(), limit: 5, leaseMs: 62_000, token: 'crashed-worker' });
    expect(claimed).toMatchObject({ id, attempts: 1, claimToken: 'crashed-worker' });
    const worker = makeWorker();

    expect(await worker.drain()).toBe(0);
    expect(await row(id)).toMatchObject({ status: 'downloading', claim_token: 'crashed-worker' });

    app.clock.advance(62_000);
    expect(await worker.drain()).toBe(1);
    expect(await row(id)).toMatchObject({ status: 'stored', attempts: 2 });
    expect(await markMediaFailed(app.db.kysely, id, 'crashed-worker', { now: app.clock.now(), error: 'late' })).toBe(false);
    expect(await row(id)).toMatchObject({ status: 'stored', error: null });
  });

  test('When two workers drain together, then every file is downloaded once', async () => {
    const ticketId = await newTicket();
    const ids: number[] = [];
    for (let i = 0; i < 8; i++) {
      const p = uniquePath(`many-${i}.png`);
      fx.route(p, serve(PNG_BYTES, 'image/png'));
      ids.push(await queue(ticketId, fx.url(p)));
    }
    const before = fx.requests.length;
    // On MariaDB the second worker has its own pool, as a second process would.
    const otherDb: Db = dialect === 'mysql' ? createDb(app.tdb.url, { poolSize: 3 }) : app.db;
    try {
      const [a, b] = await Promise.all([makeWorker().drain(), makeWorker({ db: otherDb }).drain()]);
      expect(a + b).toBe(8);
    } finally {
      if (otherDb !== app.db) await otherDb.destroy();
    }
    expect(fx.requests.length - before).toBe(8);
    const rows = await app.db.kysely.selectFrom('media').select(['status', 'attempts']).where('id', 'in', ids).execute();
    expect(rows.every((r) => r.status === 'stored' && Number(r.attempts) === 1)).toBe(true);
  });

  test('When the worker runs and is notified, then a queued photo is stored without waiting for the poll', async () => {
    const ticketId = await newTicket();
    const p = uniquePath('notify.png');
    fx.route(p, serve(PNG_BYTES, 'image/png'));
    const worker = makeWorker({ pollMs: 60_000 });
    worker.start();
    await new Promise((r) => setTimeout(r, 50)); // the first, empty poll
    const id = await queue(ticketId, fx.url(p));
    worker.notify();
    const deadline = Date.now() + 3000;
    while ((await row(id)).status !== 'stored') {
      if (Date.now() > deadline) throw new Error('not stored in time');
      await new Promise((r) => setTimeout(r, 20));
    }
  });
});
