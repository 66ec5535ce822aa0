import { describeEachDialect } from './support/test-db';
import { DEVICE, startTestApp, type TestApp } from './support/test-app';
import { createEmployee } from './support/factories';
import { groupMessage } from './support/fonnte-payloads';
import type { ReceivedSend } from './support/fake-fonnte';

describeEachDialect('groups stay quiet unless spoken to', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(() => app.close());
  beforeEach(() => app.clock.set(Date.UTC(2024, 8, 16, 4, 0, 0)));

  let groups = 0;
  const newGroup = () => `1203630000000${String(++groups).padStart(5, '0')}@g.us`;
  /** Posts a group message, lets the draft job look too, and returns what Fonnte was sent. */
  async function inGroup(group: string, member: string, text: string, extra: Record<string, unknown> = {}): Promise<ReceivedSend[]> {
    const before = app.fonnte.received.length;
    const res = await app.postWebhook(groupMessage(group, member, text, extra));
    expect(res.status).toBe(200);
    await app.settle();
    app.clock.advance(120_000);
    await app.services.drafts.runOnce();
    await app.settle();
    return app.fonnte.received.slice(before);
  }
  const rowsOf = (group: string) =>
    app.db.kysely.selectFrom('inbound_messages').select(['body', 'status', 'command']).where('chat_id', '=', group).orderBy('id').execute();
  const ticketsIn = (group: string) => app.db.kysely.selectFrom('tickets').selectAll().where('chat_id', '=', group).execute();

  test('When members use everyday words that are also aliases, or complain in plain words, then nothing starts and the desk is not bothered', async () => {
    const group = newGroup();
    const emp = await createEmployee(app.db);
    for (const text of [
      'tolong AC ruang 204 bocor',
      'bantu cek proyektor ya',
      'lapor pak lampu mati',
      'menu',
      'halo semua',
      '',
      '#apaini',
    ]) {
      expect(await inGroup(group, emp.phone, text, text === '' ? { type: 'image', url: 'https://files.fonnte.com/x/g.jpg' } : {})).toEqual(
        [],
      );
    }
    expect(await ticketsIn(group)).toEqual([]);
    expect((await rowsOf(group)).every((r) => r.status === 'ignored')).toBe(true);
    expect(await app.db.kysely.selectFrom('drafts').select('id').where('chat_id', '=', group).execute()).toEqual([]);
    expect(await app.db.kysely.selectFrom('conversations').select('chat_id').where('chat_id', '=', group).execute()).toEqual([]);
  });

  test('When a #command follows one or more mentions, then it is recognised and answered in the group', async () => {
    const group = newGroup();
    const emp = await createEmployee(app.db);
    const sent = await inGroup(group, emp.phone, `@${DEVICE} #request wastafel lt 3 mampet`);
    const [ticket] = await ticketsIn(group);
    expect(ticket).toMatchObject({ complaint: 'wastafel lt 3 mampet', reporter_phone: emp.phone });
    expect(sent).toEqual([expect.objectContaining({ target: group, message: expect.stringContaining(ticket!.tracking_no) })]);

    const help = await inGroup(group, emp.phone, '@6281234567890 @6289876543210 *#help*');
    expect(help).toEqual([expect.objectContaining({ target: group, message: expect.stringContaining('#request <keluhan Anda>') })]);
  });

  test('When a group message comes from our own device, then it is ignored like our own private messages', async () => {
    const group = newGroup();
    expect(await inGroup(group, DEVICE, '#request ini pesan kami sendiri')).toEqual([]);
    expect(await ticketsIn(group)).toEqual([]);
    expect(await rowsOf(group)).toEqual([{ body: '#request ini pesan kami sendiri', status: 'ignored', command: null }]);
  });

  test('When #cek without a number is sent in a group, then the member alone is answered, in private, with only their own tickets', async () => {
    const group = newGroup();
    const sari = await createEmployee(app.db);
    const budi = await createEmployee(app.db);
    await inGroup(group, sari.phone, '#request kursi R.301 patah');
    await inGroup(group, budi.phone, '#request papan tulis R.302 copot');
    const [sarisTicket] = (await ticketsIn(group)).filter((t) => t.reporter_phone === sari.phone);
    const [budisTicket] = (await ticketsIn(group)).filter((t) => t.reporter_phone === budi.phone);

    const sent = await inGroup(group, sari.phone, '#cek');
    expect(sent).toHaveLength(1);
    expect(sent[0]!.target).toBe(sari.phone);
    expect(sent[0]!.message).toContain(sarisTicket!.tracking_no);
    expect(sent[0]!.message).not.toContain(budisTicket!.tracking_no);
    expect(await rowsOf(group)).toContainEqual({ body: '#cek', status: 'processed', command: 'cek' });
  });
});
