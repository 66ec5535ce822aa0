import { forgetCalendar } from '../src/features/sla/working-calendar';
import { staffMember } from './api/ticket-fixtures';
import type { SignedIn } from './support/api-client';
import { createEmployee } from './support/factories';
import { startTestApp, type TestApp } from './support/test-app';
import { describeEachDialect } from './support/test-db';

/** `2026-12-04 17:00` on the wall clock of Jakarta. */
const wib = (s: string) => Date.parse(`${s.replace(' ', 'T')}:00+07:00`);

describeEachDialect('the answer to a report outside working hours', (dialect) => {
  let app: TestApp;
  let desk: SignedIn;
  beforeAll(async () => {
    app = await startTestApp(dialect, { EMERGENCY_CONTACT: '0812-3456-7890 (Satpam)' });
    desk = await staffMember(app, 'Staf', { name: 'Dewi Meja' });
    await app.db.kysely.insertInto('holidays').values({ day: '2026-12-25', name: 'Hari Raya Natal', created_at: 0 }).execute();
    forgetCalendar(app.db.kysely);
  });
  afterAll(() => app.close());

  async function request(at: string, complaint = 'lampu kelas 3.2 mati') {
    app.clock.set(wib(at));
    const reporter = await createEmployee(app.db);
    const sent = await app.say(reporter.phone, `#request ${complaint}`);
    return sent.find((m) => m.target === reporter.phone)!.message;
  }

  test.each([
    ['on Friday at 17:00', '2026-12-04 17:00', 'Sabtu, 5 Desember pukul 07.30 WIB'],
    ['on Saturday at 13:00', '2026-12-05 13:00', 'Senin, 7 Desember pukul 07.30 WIB'],
    ['on Sunday night', '2026-12-06 23:59', 'Senin, 7 Desember pukul 07.30 WIB'],
    ['early on a weekday', '2026-12-08 06:00', 'Selasa, 8 Desember pukul 07.30 WIB'],
    ['on the evening before Christmas (a holiday)', '2026-12-24 17:00', 'Sabtu, 26 Desember pukul 07.30 WIB'],
  ])('When a report comes %s, then the confirmation says it will be handled from the next working start', async (_when, at, resumes) => {
    const answer = await request(at);
    expect(answer).toContain(`Laporan Anda kami terima di luar jam kerja dan akan ditangani mulai ${resumes}.`);
    expect(answer).not.toContain('segera kami proses');
    expect(answer).toMatch(/Nomor tracking Anda: \*BRT2612\d{3}\*/);
  });

  test('When a report comes in working hours, then the confirmation is the usual one', async () => {
    const answer = await request('2026-12-04 10:00');
    expect(answer).toContain('Laporan Anda akan segera kami proses.');
    expect(answer).not.toContain('di luar jam kerja');
  });

  test('When an emergency is reported at night, then the confirmation says whom to call instead of when', async () => {
    const answer = await request('2026-12-04 22:00', 'stop kontak di lab 2 korslet, keluar asap');
    expect(answer).toContain('Untuk keadaan darurat segera hubungi 0812-3456-7890 (Satpam).');
    expect(answer).not.toContain('di luar jam kerja');
  });

  test('When the desk opens a ticket on a Saturday afternoon, then the reporter’s confirmation says when it will be handled too', async () => {
    const emp = await createEmployee(app.db);
    app.clock.set(wib('2026-12-05 14:00'));
    const res = await desk.post('/api/tickets', { reporter: { employeeId: emp.id }, complaint: 'AC ruang 204 bocor', channel: 'telepon' });
    expect(res.status).toBe(201);
    await app.settle();
    const toHim = app.fonnte.received.filter((m) => m.target === emp.phone);
    expect(toHim.at(-1)!.message).toContain('akan ditangani mulai Senin, 7 Desember pukul 07.30 WIB');
  });

  test('When a complaint in plain words is confirmed with YA in the evening, then its confirmation says when it will be handled', async () => {
    const emp = await createEmployee(app.db);
    app.clock.set(wib('2026-12-04 19:00'));
    await app.say(emp.phone, 'lampu kelas 3.2 mati pak');
    app.clock.advance(20_000);
    await app.services.drafts.runOnce();
    await app.settle();
    const sent = await app.say(emp.phone, 'YA');
    expect(sent.find((m) => m.target === emp.phone)!.message).toContain('akan ditangani mulai Sabtu, 5 Desember pukul 07.30 WIB');
  });
});
