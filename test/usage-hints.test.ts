import { describeEachDialect } from './support/test-db';
import { startTestApp, type TestApp } from './support/test-app';
import { createEmployee } from './support/factories';

describeEachDialect('usage hints', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(() => app.close());
  beforeEach(() => app.clock.set(Date.UTC(2024, 8, 16, 11, 0, 0)));

  test('When a command is misspelt (#reqeust), then the answer suggests #request and no ticket is made', async () => {
    const emp = await createEmployee(app.db);
    const [reply] = await app.say(emp.phone, '#reqeust lampu mati');
    expect(reply!.message).toContain('Maksud Anda *#request*?');
    expect(reply!.message).toContain('#request <keluhan Anda>');
    const n = await app.db.kysely.selectFrom('tickets').select('id').where('reporter_phone', '=', emp.phone).execute();
    expect(n).toHaveLength(0);
  });

  test('When a #word that is no command arrives, then the usage menu is sent in Indonesian', async () => {
    const emp = await createEmployee(app.db);
    const [reply] = await app.say(emp.phone, '#halo selamat pagi');
    expect(reply!.message).toContain('Gunakan pola layanan pengaduan');
    expect(reply!.message).toContain('#request <keluhan Anda>');
    expect(reply!.message).not.toContain('Maksud Anda');
  });

  test('When a word close to a command comes without #, then it is read as a plain message, not a typo', async () => {
    const emp = await createEmployee(app.db);
    expect(await app.say(emp.phone, 'lampu kelas 3.2 mati')).toEqual([]);
    const [row] = await app.db.kysely
      .selectFrom('inbound_messages')
      .select(['status', 'command'])
      .where('sender_phone', '=', emp.phone)
      .execute();
    expect(row).toEqual({ status: 'processed', command: 'draft' });
  });

  test('When unknown #words keep coming, then one hint is sent per ten minutes, and commands are still answered', async () => {
    const emp = await createEmployee(app.db);
    expect(await app.say(emp.phone, '#halo')).toHaveLength(1);
    app.clock.advance(60_000);
    expect(await app.say(emp.phone, '#halo lagi')).toHaveLength(0);
    expect(await app.say(emp.phone, '#xyz')).toHaveLength(0);
    expect(await app.say(emp.phone, '#help')).toHaveLength(1);
    app.clock.advance(9 * 60_000 + 1_000);
    expect(await app.say(emp.phone, '#masih')).toHaveLength(1);
    const ignored = await app.db.kysely
      .selectFrom('inbound_messages')
      .select('status')
      .where('body', '=', '#halo lagi')
      .executeTakeFirstOrThrow();
    expect(ignored.status).toBe('ignored');
  });

  test('When another bot answers every hint with a #word, then the exchange stops after one hint', async () => {
    const bot = '6287700000001';
    let replies = 0;
    for (let i = 0; i < 5; i++) {
      const sent = await app.say(bot, `#autoreply terima kasih atas pesan Anda (${i})`);
      replies += sent.length;
      app.clock.advance(5_000);
    }
    expect(replies).toBe(1);
  });
});
