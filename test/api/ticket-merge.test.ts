import type { SignedIn } from '../support/api-client';
import { createStaff } from '../support/factories';
import { auditRowsOf } from '../support/staff-login';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';
import { fileTicket, sentTo, staffMember, wib } from './ticket-fixtures';

describeEachDialect('POST /api/tickets/:no/merge: one ticket for one fault', (dialect) => {
  let app: TestApp;
  let staf: SignedIn;
  beforeAll(async () => {
    app = await startTestApp(dialect);
    staf = await staffMember(app, 'Staf', { name: 'Desk Satu' });
  });
  afterAll(() => app.close());
  beforeEach(() => app.clock.set(wib(2026, 12, 3, 9, 0)));

  const eventsOf = async (id: number) =>
    (await app.db.kysely.selectFrom('ticket_events').selectAll().where('ticket_id', '=', id).orderBy('id').execute()).map((e) => [
      e.kind,
      e.note,
    ]);
  const statusOf = async (id: number) =>
    (await app.db.kysely.selectFrom('tickets').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
  const pair = async () => {
    const main = await fileTicket(app, { name: 'Siti Aminah', complaint: 'lampu aula mati' });
    const second = await fileTicket(app, { name: 'Budi Santoso', complaint: 'aula gelap, lampunya mati' });
    await app.settle();
    return { main, second };
  };

  test('When the desk merges a ticket into another, then its reporter follows the main one, both histories say so, both reporters are told and it is audited', async () => {
    const { main, second } = await pair();
    const from = app.fonnte.received.length;
    const res = await staf
      .post(`/api/tickets/${second.trackingNo.toLowerCase()}/merge`, { into: main.trackingNo.toLowerCase() })
      .expect(200);
    expect(res.body).toMatchObject({ trackingNo: second.trackingNo, status: 'baru' });
    await app.settle();

    expect(await app.db.kysely.selectFrom('ticket_merges').selectAll().execute()).toEqual(
      expect.arrayContaining([expect.objectContaining({ ticket_id: second.id, into_ticket_id: main.id, merged_by: staf.staff.id })]),
    );
    expect(await eventsOf(second.id)).toContainEqual(['merged', `Digabungkan ke laporan ${main.trackingNo} oleh Desk Satu.`]);
    expect(await eventsOf(main.id)).toContainEqual([
      'merged_in',
      `Laporan ${second.trackingNo} (Budi Santoso) digabungkan ke laporan ini oleh Desk Satu.`,
    ]);
    expect(sentTo(app, second.phone, from).map((m) => m.message)).toEqual([
      expect.stringContaining(`Laporan Anda *${second.trackingNo}* kami gabungkan dengan laporan *${main.trackingNo}*`),
    ]);
    expect(sentTo(app, main.phone, from).map((m) => m.message)).toEqual([
      expect.stringContaining(
        `Laporan *${second.trackingNo}* tentang masalah yang sama kami gabungkan ke laporan Anda *${main.trackingNo}*`,
      ),
    ]);
    const audit = (await auditRowsOf(app, 'ticket', second.trackingNo)).filter((a) => a.action === 'ticket.merge');
    expect(audit).toMatchObject([{ actor_id: staf.staff.id, before: { mergedInto: null }, after: { mergedInto: main.trackingNo } }]);

    const detail = (await staf.get(`/api/tickets/${main.trackingNo}`).expect(200)).body;
    expect(detail.followers).toEqual([
      { name: 'Budi Santoso', phone: second.phone, since: expect.any(String), viaTrackingNo: second.trackingNo },
    ]);
    expect(detail.merged).toEqual([
      { trackingNo: second.trackingNo, status: 'baru', reporterName: 'Budi Santoso', mergedAt: expect.any(String) },
    ]);
    expect(detail.mergedInto).toBeNull();
    expect((await staf.get(`/api/tickets/${second.trackingNo}`).expect(200)).body.mergedInto).toEqual({
      trackingNo: main.trackingNo,
      status: 'baru',
    });

    // The lists leave the merged ticket out (the main one carries its work), unless asked or searched for.
    const numbers = async (query: string) =>
      ((await staf.get(`/api/tickets?pageSize=100&${query}`).expect(200)).body.items as Array<{ trackingNo: string }>).map(
        (t) => t.trackingNo,
      );
    expect(await numbers('')).toContain(main.trackingNo);
    expect(await numbers('')).not.toContain(second.trackingNo);
    expect(await numbers('merged=only')).toEqual([second.trackingNo]);
    expect(await numbers(`q=${second.trackingNo}`)).toEqual([second.trackingNo]);

    // The merged reporter asks after their own number: they are answered about the main one, which they follow.
    const [cek] = await app.say(second.phone, `#cek ${second.trackingNo}`);
    expect(cek!.message).toContain(`Laporan *${main.trackingNo}*`);
  });

  test('When a merge makes no sense, then 409 names the reason and nothing changes', async () => {
    const { main, second } = await pair();
    const third = await fileTicket(app, { complaint: 'kran toilet bocor' });
    const refused = async (no: string, into: string, reason: string) => {
      const res = await staf.post(`/api/tickets/${no}/merge`, { into }).expect(409);
      expect(res.body.error).toMatchObject({ code: 'CONFLICT', details: { reason } });
    };
    await refused(main.trackingNo, main.trackingNo, 'MERGE_SELF');
    await staf.post(`/api/tickets/${second.trackingNo}/merge`, { into: main.trackingNo }).expect(200);
    await refused(second.trackingNo, third.trackingNo, 'ALREADY_MERGED');
    await refused(third.trackingNo, second.trackingNo, 'MERGE_INTO_MERGED');
    await refused(main.trackingNo, second.trackingNo, 'MERGE_CYCLE');
    const assignMerged = await staf.post(`/api/tickets/${second.trackingNo}/assignments`, { staffId: (await createStaff(app.db)).id });
    expect(assignMerged.status).toBe(409);
    expect(assignMerged.body.error.details.reason).toBe('TICKET_MERGED');

    const tech = await createStaff(app.db, { level: 'TBO' });
    await staf.post(`/api/tickets/${third.trackingNo}/assignments`, { staffId: tech.id }).expect(201);
    await refused(third.trackingNo, main.trackingNo, 'MERGE_HAS_ASSIGNMENTS');
    await staf.patch(`/api/tickets/${main.trackingNo}`, { status: 'ditutup' }).expect(200);
    const fourth = await fileTicket(app, { complaint: 'pintu gudang macet' });
    await refused(fourth.trackingNo, main.trackingNo, 'MERGE_CLOSED');
    await staf.post(`/api/tickets/${fourth.trackingNo}/merge`, { into: 'BRT2612999' }).expect(404);
    await staf.post(`/api/tickets/${fourth.trackingNo}/merge`, {}).expect(400);
    expect(await app.db.kysely.selectFrom('ticket_merges').selectAll().where('ticket_id', '=', fourth.id).execute()).toEqual([]);
  });

  test('When the main ticket is confirmed closed, then the merged one closes with it, and its reporter heard the close as a follower', async () => {
    const { main, second } = await pair();
    await staf.post(`/api/tickets/${second.trackingNo}/merge`, { into: main.trackingNo }).expect(200);
    await staf.patch(`/api/tickets/${main.trackingNo}`, { status: 'proses' }).expect(200);
    await staf.patch(`/api/tickets/${main.trackingNo}`, { status: 'selesai' }).expect(200);
    await app.settle();
    const from = app.fonnte.received.length;
    await app.say(main.phone, `#selesai ${main.trackingNo}`);

    expect(await statusOf(main.id)).toBe('ditutup');
    expect(await statusOf(second.id)).toBe('ditutup');
    expect(await eventsOf(second.id)).toContainEqual(['closed_with_main', `Ditutup bersama laporan utama ${main.trackingNo}.`]);
    expect(sentTo(app, second.phone, from).map((m) => m.message)).toEqual([
      expect.stringContaining(`Laporan *${main.trackingNo}* telah dikonfirmasi selesai oleh Siti Aminah`),
    ]);
  });

  test('When the desk closes the main ticket, then a chain of merged tickets closes with it', async () => {
    const { main, second } = await pair();
    const third = await fileTicket(app, { complaint: 'lampu aula berkedip' });
    await staf.post(`/api/tickets/${third.trackingNo}/merge`, { into: second.trackingNo }).expect(200);
    await staf.post(`/api/tickets/${second.trackingNo}/merge`, { into: main.trackingNo }).expect(200);
    const detail = (await staf.get(`/api/tickets/${main.trackingNo}`).expect(200)).body;
    // The first merged ticket's reporter came along as a follower of its follower ticket.
    expect(detail.followers.map((f: { viaTrackingNo: string }) => f.viaTrackingNo).sort()).toEqual(
      [second.trackingNo, third.trackingNo].sort(),
    );

    await staf.patch(`/api/tickets/${main.trackingNo}`, { status: 'ditutup', note: 'lampu aula diganti semua' }).expect(200);
    expect([await statusOf(main.id), await statusOf(second.id), await statusOf(third.id)]).toEqual(['ditutup', 'ditutup', 'ditutup']);
  });

  test('When a fault was reported by several people, then the statistics count one ticket and every request as demand', async () => {
    app.clock.set(wib(2026, 12, 20, 9, 0));
    const { main, second } = await pair();
    const other = await fileTicket(app, { complaint: 'kran toilet bocor' });
    await staf.post(`/api/tickets/${second.trackingNo}/merge`, { into: main.trackingNo }).expect(200);
    const neighbour = await fileTicket(app, { complaint: 'jendela aula pecah', at: wib(2026, 12, 19, 9, 0) });
    await app.say(neighbour.phone, `#ikut ${main.trackingNo}`);

    const stats = (await staf.get('/api/stats?from=2026-12-20&to=2026-12-20').expect(200)).body;
    expect(stats).toMatchObject({
      total: 3 - 1,
      demand: { requests: 4, tickets: 2, mergedTickets: 1, followers: 1 },
      byStatus: { baru: 2 },
    });
    expect(stats.perMonth).toEqual([{ month: '2026-12', tickets: 2 }]);
    expect(other.row.status).toBe('baru');
  });
});
