import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type request from 'supertest';
import { inTransaction } from '../../src/db/transaction';
import { queueMediaDownload } from '../../src/features/media/media.repository';
import { MediaWorker } from '../../src/features/media/media.worker';
import { signedIn } from '../support/api-client';
import { createEmployee } from '../support/factories';
import { PDF_BYTES, PNG_BYTES, serve, startHttpsFixture, type HttpsFixture } from '../support/https-fixture';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';

/** supertest leaves image and PDF bodies unparsed unless told; this collects the bytes. */
const binary = (t: request.Test) =>
  t.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });

describeEachDialect('GET /api/media/:id', (dialect) => {
  let app: TestApp;
  let fx: HttpsFixture;
  let mediaDir: string;
  let worker: MediaWorker;
  let n = 0;

  beforeAll(async () => {
    mediaDir = mkdtempSync(join(tmpdir(), 'wa-media-api-'));
    fx = await startHttpsFixture();
    app = await startTestApp(dialect, { MEDIA_DIR: mediaDir });
    worker = new MediaWorker({
      db: app.db,
      clock: app.clock,
      logger: pino({ level: 'silent' }),
      dir: mediaDir,
      download: fx.downloadOptions(),
    });
  });
  afterAll(async () => {
    await app?.close();
    await fx?.close();
    rmSync(mediaDir, { recursive: true, force: true });
  });

  async function newTicket(): Promise<number> {
    const emp = await createEmployee(app.db);
    await app.say(emp.phone, '#request kran toilet lantai 2 bocor');
    return (await app.db.kysely.selectFrom('tickets').select('id').where('reporter_phone', '=', emp.phone).executeTakeFirstOrThrow()).id;
  }
  /** Queues a file for the ticket as the chat side does, and downloads it unless told not to. */
  async function attach(
    ticketId: number,
    o: { body?: Buffer; type?: string; download?: boolean; ticketEventId?: number | null } = {},
  ): Promise<number> {
    const path = `/${dialect}/api/${++n}`;
    fx.route(path, serve(o.body ?? PNG_BYTES, o.type ?? 'image/png'));
    const id = await inTransaction(app.db, (trx) =>
      queueMediaDownload(trx, {
        ticketId,
        ticketEventId: o.ticketEventId ?? null,
        inboundMessageId: null,
        sourceUrl: fx.url(path),
        originalFilename: null,
        now: app.clock.now(),
      }),
    );
    if (o.download !== false) await worker.drain();
    return id;
  }
  const assign = (ticketId: number, staffId: string, status: 'active' | 'withdrawn' = 'active') =>
    app.db.kysely
      .insertInto('assignments')
      .values({
        ticket_id: ticketId,
        staff_id: staffId,
        note: null,
        status,
        assigned_by: null,
        assigned_at: app.clock.now(),
        started_at: null,
        finished_at: null,
        withdrawn_at: null,
        withdrawn_by: null,
      })
      .execute();

  test('When an Administrator asks for a stored photo, then the bytes come back inline with its type, nosniff and a private cache', async () => {
    const id = await attach(await newTicket());
    const admin = await signedIn(app, 'Administrator');

    const res = await binary(admin.get(`/api/media/${id}`));

    expect(res.status).toBe(200);
    expect((res.body as Buffer).equals(PNG_BYTES)).toBe(true);
    expect(res.headers).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(PNG_BYTES.length),
      'x-content-type-options': 'nosniff',
      'content-disposition': `inline; filename="media-${id}.png"`,
    });
    expect(res.headers['cache-control']).toMatch(/^private/);
    expect(res.headers['content-security-policy']).toContain('sandbox');
  });

  test('When the same photo is asked for again with its ETag, then 304 without a body', async () => {
    const id = await attach(await newTicket());
    const staf = await signedIn(app, 'Staf');
    const first = await binary(staf.get(`/api/media/${id}`));
    const again = await staf.get(`/api/media/${id}`).set('if-none-match', first.headers.etag!);
    expect(again.status).toBe(304);
  });

  test('When the file is a PDF, then it is sent as an attachment', async () => {
    const id = await attach(await newTicket(), { body: PDF_BYTES, type: 'application/pdf' });
    const staf = await signedIn(app, 'Staf');

    const res = await binary(staf.get(`/api/media/${id}`));

    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="media-${id}.pdf"`);
    expect((res.body as Buffer).equals(PDF_BYTES)).toBe(true);
  });

  test('When a TBO is actively assigned to the ticket, then they see its photos, including their own progress proof', async () => {
    const ticketId = await newTicket();
    const reporterPhoto = await attach(ticketId);
    const tbo = await signedIn(app, 'TBO');
    await assign(ticketId, tbo.staff.id);
    const event = await app.db.kysely.selectFrom('ticket_events').select('id').where('ticket_id', '=', ticketId).executeTakeFirstOrThrow();
    const proof = await attach(ticketId, { ticketEventId: event.id });

    expect((await binary(tbo.get(`/api/media/${reporterPhoto}`))).status).toBe(200);
    expect((await binary(tbo.get(`/api/media/${proof}`))).status).toBe(200);
  });

  test('When a TBO is not assigned, or was withdrawn, then the photo answers 404 exactly like a missing one', async () => {
    const ticketId = await newTicket();
    const id = await attach(ticketId);
    const stranger = await signedIn(app, 'TBO');
    const withdrawn = await signedIn(app, 'TBO');
    await assign(ticketId, withdrawn.staff.id, 'withdrawn');
    const otherTicket = await newTicket();
    await assign(otherTicket, stranger.staff.id);

    const hidden = await stranger.get(`/api/media/${id}`);
    const missing = await stranger.get('/api/media/999999');

    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual(missing.body);
    expect((await withdrawn.get(`/api/media/${id}`)).status).toBe(404);
  });

  test('When a TBO asks for a photo still downloading, then 404 like any other they cannot see (no state leaks)', async () => {
    const id = await attach(await newTicket(), { download: false });
    const tbo = await signedIn(app, 'TBO');
    const res = await tbo.get(`/api/media/${id}`);
    expect(res.status).toBe(404);
    expect(res.body.error.details).toBeUndefined();
  });

  test('When the photo is not downloaded yet, then 404 with its state', async () => {
    const id = await attach(await newTicket(), { download: false });
    const admin = await signedIn(app, 'Administrator');

    const res = await admin.get(`/api/media/${id}`);

    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'NOT_FOUND', details: { status: 'pending' } });
  });

  test('When the stored file has vanished from MEDIA_DIR, then 404 "missing", not a 500', async () => {
    const id = await attach(await newTicket());
    const { storage_path } = await app.db.kysely.selectFrom('media').select('storage_path').where('id', '=', id).executeTakeFirstOrThrow();
    unlinkSync(join(mediaDir, storage_path!));
    const admin = await signedIn(app, 'Administrator');

    const res = await admin.get(`/api/media/${id}`);
    expect(res.status).toBe(404);
    expect(res.body.error.details).toEqual({ status: 'missing' });
  });

  test('When a row’s storage path points outside MEDIA_DIR, then it is not served', async () => {
    const id = await attach(await newTicket());
    await app.db.kysely.updateTable('media').set({ storage_path: '../../../etc/passwd' }).where('id', '=', id).execute();
    const admin = await signedIn(app, 'Administrator');
    expect((await admin.get(`/api/media/${id}`)).status).toBe(404);
  });

  test('When nobody is signed in, then 401; when the id is not a number, then 400 naming it', async () => {
    const id = await attach(await newTicket());
    expect((await app.http.get(`/api/media/${id}`)).status).toBe(401);
    const admin = await signedIn(app, 'Administrator');
    const res = await admin.get('/api/media/abc');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'id' } });
  });
});
