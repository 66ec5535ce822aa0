import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import type request from 'supertest';
import { signedIn, type SignedIn } from '../support/api-client';
import { createEmployee, createStaff } from '../support/factories';
import { PNG_BYTES } from '../support/https-fixture';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';
import { fileTicket } from './ticket-fixtures';
import { closeTicket, storePhoto } from './retention-fixtures';

const binary = (t: request.Test) =>
  t.buffer(true).parse((res, cb) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => cb(null, Buffer.concat(chunks)));
  });

/** 62812… → 0812…: how people type their number. */
const local = (phone: string) => `0${phone.slice(2)}`;

describeEachDialect('Personal data: /api/personal-data', (dialect) => {
  let app: TestApp;
  let admin: SignedIn;
  let mediaDir: string;

  beforeAll(async () => {
    mediaDir = mkdtempSync(join(tmpdir(), 'wa-personal-'));
    app = await startTestApp(dialect, { MEDIA_DIR: mediaDir });
    admin = await signedIn(app, 'Administrator');
  });
  afterAll(async () => {
    await app?.close();
    rmSync(mediaDir, { recursive: true, force: true });
  });

  /** A person with a ticket (closed, rated, with a photo), a greeting and its answer; and someone else alike. */
  let round = 0;
  async function people() {
    round += 1;
    const budi = await createEmployee(app.db, { name: `Budi Santoso ${round}` });
    const sari = await createEmployee(app.db, { name: 'Sari Dewi' });
    const ticket = await fileTicket(app, { phone: budi.phone, complaint: 'kran toilet lantai 2 bocor' });
    const other = await fileTicket(app, { phone: sari.phone, complaint: 'lampu lorong mati' });
    const photo = await storePhoto(app, ticket.id);
    const otherPhoto = await storePhoto(app, other.id);
    await closeTicket(app, ticket.id);
    await app.db.kysely
      .insertInto('ratings')
      .values({
        ticket_id: ticket.id,
        chat_id: budi.phone,
        asked_at: app.clock.now(),
        score: 5,
        comment: 'Terima kasih Pak Joko',
        rated_at: app.clock.now(),
      })
      .execute();
    await app.say(budi.phone, 'halo');
    await app.db.kysely
      .insertInto('ticket_followers')
      .values({
        ticket_id: other.id,
        phone: budi.phone,
        name: 'Budi',
        chat_id: budi.phone,
        employee_id: budi.id,
        via_ticket_id: null,
        created_at: app.clock.now(),
      })
      .execute();
    return { budi, sari, ticket, other, photo, otherPhoto };
  }

  test('When an Administrator looks a phone up, then the summary counts what is held; by employee id the same', async () => {
    const { budi } = await people();
    const byPhone = (await admin.get(`/api/personal-data?phone=${local(budi.phone)}`).expect(200)).body;
    expect(byPhone.person).toEqual({ phone: budi.phone, employeeId: budi.id });
    expect(byPhone.employee).toMatchObject({ id: budi.id, name: budi.name });
    expect(byPhone.counts).toMatchObject({
      ticketsAsReporter: 1,
      ticketsAsFollower: 1,
      inboundMessages: 2,
      ratings: 1,
      photos: 1,
      employeeEntries: 1,
      staffEntries: 0,
    });
    expect(byPhone.counts.outboundMessages).toBeGreaterThanOrEqual(2);
    const byId = (await admin.get(`/api/personal-data?employeeId=${budi.id}`).expect(200)).body;
    expect(byId).toEqual(byPhone);
    await admin.get('/api/personal-data?employeeId=PGW_NONE').expect(404);
    const both = await admin.get(`/api/personal-data?employeeId=${budi.id}&phone=${budi.phone}`).expect(400);
    expect(both.body.error.details.field).toBe('phone');
  });

  test('When the export is downloaded, then the ZIP holds data.json, data.xlsx and the photo; the audit entry names nobody', async () => {
    const { budi, ticket, photo } = await people();
    const res = await binary(admin.get(`/api/personal-data/export?phone=${budi.phone}`)).expect(200);
    expect(res.headers['content-type']).toContain('application/zip');
    expect(res.headers['content-disposition']).not.toContain(budi.phone);
    const zip = await JSZip.loadAsync(res.body as Buffer);
    const data = JSON.parse(await zip.file('data.json')!.async('string'));
    expect(data.person).toEqual({ phone: budi.phone, employeeId: budi.id });
    expect(data.tickets.map((t: { trackingNo: string }) => t.trackingNo)).toEqual([ticket.trackingNo]);
    expect(data.inboundMessages.map((m: { body: string }) => m.body)).toEqual(['#request kran toilet lantai 2 bocor', 'halo']);
    expect(data.outboundMessages.length).toBeGreaterThanOrEqual(2);
    expect(data.ratings).toEqual([expect.objectContaining({ trackingNo: ticket.trackingNo, score: 5, comment: 'Terima kasih Pak Joko' })]);
    expect(data.following).toHaveLength(1);
    expect(data.photos).toEqual([expect.objectContaining({ id: photo.id, file: `photos/${photo.id}.png` })]);
    expect(Buffer.compare(await zip.file(`photos/${photo.id}.png`)!.async('nodebuffer'), PNG_BYTES)).toBe(0);
    expect((await zip.file('data.xlsx')!.async('nodebuffer')).subarray(0, 2).toString()).toBe('PK');

    const audit = await app.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'personal_data.export').execute();
    expect(audit.length).toBeGreaterThanOrEqual(1);
    const last = audit[audit.length - 1]!;
    expect(last.actor_id).toBe(admin.staff.id);
    expect(JSON.stringify(last)).not.toMatch(new RegExp(`${budi.phone}|${budi.name}|${budi.id}`));
  });

  test('When the confirmation does not match, then 400 naming confirm and nothing is erased', async () => {
    const { budi } = await people();
    const res = await admin.post('/api/personal-data/erase', { phone: budi.phone, confirm: '081200000000' }).expect(400);
    expect(res.body.error.details.field).toBe('confirm');
    expect((await admin.get(`/api/personal-data?phone=${budi.phone}`).expect(200)).body.counts.ticketsAsReporter).toBe(1);
  });

  test('When a person is erased, then their messages, photos, follows and directory entry go, their tickets are anonymised, and someone else is untouched', async () => {
    const { budi, sari, ticket, other, photo, otherPhoto } = await people();
    // Sari follows Budi's ticket: erasing Budi leaves her follow.
    await app.db.kysely
      .insertInto('ticket_followers')
      .values({
        ticket_id: ticket.id,
        phone: sari.phone,
        name: sari.name,
        chat_id: sari.phone,
        employee_id: sari.id,
        via_ticket_id: null,
        created_at: app.clock.now(),
      })
      .execute();
    const sariBefore = (await admin.get(`/api/personal-data?phone=${sari.phone}`).expect(200)).body;
    expect(sariBefore.counts.ticketsAsFollower).toBe(1);
    const res = await admin
      .post('/api/personal-data/erase', { phone: `+62 ${budi.phone.slice(2)}`, confirm: local(budi.phone) })
      .expect(200);
    expect(res.body.counts.ticketsAsReporter).toBe(1);
    expect(res.body.filesDeleted).toBe(1);

    expect(existsSync(photo.file)).toBe(false);
    expect(existsSync(otherPhoto.file)).toBe(true);
    const after = (await admin.get(`/api/personal-data?phone=${budi.phone}`).expect(200)).body;
    expect(after.employee).toBeNull();
    expect(Object.values(after.counts).every((n) => n === 0)).toBe(true);
    await admin.get(`/api/personal-data?employeeId=${budi.id}`).expect(404);

    const t = await app.db.kysely.selectFrom('tickets').selectAll().where('id', '=', ticket.id).executeTakeFirstOrThrow();
    expect([t.reporter_name, t.reporter_phone, t.chat_id, t.reporter_employee_id, t.status, t.complaint]).toEqual([
      'Pelapor dihapus',
      '',
      '',
      null,
      'ditutup',
      'kran toilet lantai 2 bocor',
    ]);
    const rating = await app.db.kysely.selectFrom('ratings').selectAll().where('ticket_id', '=', ticket.id).executeTakeFirstOrThrow();
    expect([rating.score, rating.comment, rating.chat_id]).toEqual([5, null, '']);
    const media = await app.db.kysely.selectFrom('media').selectAll().where('id', '=', photo.id).executeTakeFirstOrThrow();
    expect(media.storage_path).toBeNull();
    const everywhere = JSON.stringify(
      await Promise.all([
        app.db.kysely.selectFrom('inbound_messages').selectAll().execute(),
        app.db.kysely.selectFrom('outbound_messages').selectAll().execute(),
        app.db.kysely.selectFrom('tickets').selectAll().execute(),
        app.db.kysely.selectFrom('ticket_followers').selectAll().execute(),
        app.db.kysely.selectFrom('conversations').selectAll().execute(),
        app.db.kysely.selectFrom('employees').selectAll().execute(),
        app.db.kysely.selectFrom('audit_log').selectAll().execute(),
      ]),
    );
    expect(everywhere).not.toContain(budi.phone);
    expect(everywhere).not.toContain(budi.name);

    // Someone else: exactly as before (their ticket, messages and photo).
    expect((await admin.get(`/api/personal-data?phone=${sari.phone}`).expect(200)).body).toEqual({
      ...sariBefore,
      counts: { ...sariBefore.counts },
    });
    const o = await app.db.kysely.selectFrom('tickets').selectAll().where('id', '=', other.id).executeTakeFirstOrThrow();
    expect([o.reporter_name, o.reporter_phone]).toEqual(['Sari Dewi', sari.phone]);

    const audit = await app.db.kysely.selectFrom('audit_log').selectAll().where('action', '=', 'personal_data.erase').execute();
    expect(audit.at(-1)!.entity_id).toBe(res.body.reference);
    expect(JSON.parse(audit.at(-1)!.after_json!).counts).toEqual(res.body.counts);
  });

  test('When erased by employee id, then the id typed again confirms it and the entry and its tickets go the same way', async () => {
    const { budi, ticket } = await people();
    const wrong = await admin.post('/api/personal-data/erase', { employeeId: budi.id, confirm: budi.phone }).expect(400);
    expect(wrong.body.error.details.field).toBe('confirm');
    const res = await admin.post('/api/personal-data/erase', { employeeId: budi.id, confirm: budi.id.toLowerCase() }).expect(200);
    expect(res.body.counts).toMatchObject({ ticketsAsReporter: 1, employeeEntries: 1 });
    await admin.get(`/api/personal-data?employeeId=${budi.id}`).expect(404);
    const t = await app.db.kysely
      .selectFrom('tickets')
      .select(['reporter_name', 'reporter_phone'])
      .where('id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    expect(t).toEqual({ reporter_name: 'Pelapor dihapus', reporter_phone: '' });
    expect((await admin.get(`/api/personal-data?phone=${budi.phone}`).expect(200)).body.counts.inboundMessages).toBe(0);
  });

  test('When the phone belongs to an active staff account, then 409 until it is deactivated; then the account is anonymised', async () => {
    const staff = await createStaff(app.db, { name: 'Teknisi Andi', level: 'TBO' });
    const refused = await admin.post('/api/personal-data/erase', { phone: staff.phone, confirm: staff.phone }).expect(409);
    expect(refused.body.error.details).toMatchObject({ reason: 'staff_active', staffId: staff.id });
    await app.db.kysely.updateTable('staff').set({ status: 'inactive' }).where('id', '=', staff.id).execute();
    await admin.post('/api/personal-data/erase', { phone: staff.phone, confirm: staff.phone }).expect(200);
    const row = await app.db.kysely.selectFrom('staff').selectAll().where('id', '=', staff.id).executeTakeFirstOrThrow();
    expect([row.name, row.phone, row.password_hash, row.username]).toEqual([
      'Staf dihapus',
      null,
      null,
      `dihapus-${staff.id.toLowerCase()}`,
    ]);
  });

  test('When Staf or a technician calls the routes, then 403', async () => {
    for (const level of ['Staf', 'TBO'] as const) {
      const who = await signedIn(app, level);
      await who.get('/api/personal-data?phone=081234567890').expect(403);
      await who.get('/api/personal-data/export?phone=081234567890').expect(403);
      await who.post('/api/personal-data/erase', { phone: '081234567890', confirm: '081234567890' }).expect(403);
    }
  });
});
