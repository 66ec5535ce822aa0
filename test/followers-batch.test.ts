import type { KyselyPlugin, RootOperationNode } from 'kysely';
import { inTransaction } from '../src/db/transaction';
import { duplicateCandidatesAt, followsCandidate, techniciansOfCandidate } from '../src/features/followers/duplicate-candidates.service';
import { assignDirectly, createEmployee, createStaff } from './support/factories';
import { textMessage } from './support/fonnte-payloads';
import { startTestApp, type TestApp } from './support/test-app';
import { describeEachDialect } from './support/test-db';

/** Jakarta wall clock (UTC+7). */
const wib = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h - 7, mi);

/**
 * The duplicate lookup inside one batch of the chat processor (one transaction): from the second
 * #request on, a batch reads every place's open tickets once (duplicate-candidates.service.ts); what the
 * batch itself files, closes or merges must still be seen by its later messages as a read would see it.
 */
describeEachDialect('duplicate lookup of several messages in one batch', (dialect) => {
  let app: TestApp;
  const rooms: Record<string, number> = {};
  /** Every statement the service runs, by kind and table (SelectQueryNode tickets, …). */
  const statements: string[] = [];
  beforeAll(async () => {
    app = await startTestApp(dialect, { DRAFT_TIMEOUT_MINUTES: '30', DUPLICATE_WINDOW_DAYS: '7' }, { handle: false });
    const at = wib(2026, 12, 1);
    const building = await app.db.kysely
      .insertInto('places')
      .values({ kind: 'building', code: 'GB', name: 'Gedung B', parent_id: null, aliases: '', active: 1, created_at: at, updated_at: at })
      .executeTakeFirstOrThrow();
    for (const n of ['3.2', '4.1', '5.1', '6.1', '7.1']) {
      const r = await app.db.kysely
        .insertInto('places')
        .values({
          kind: 'room',
          code: `R-${n}`,
          name: `ruang ${n}`,
          parent_id: Number(building.insertId),
          aliases: `kelas ${n}`,
          active: 1,
          created_at: at,
          updated_at: at,
        })
        .executeTakeFirstOrThrow();
      rooms[n] = Number(r.insertId);
    }
    const counter: KyselyPlugin = {
      transformQuery: ({ node }) => {
        statements.push(`${node.kind} ${tableOf(node)}`);
        return node;
      },
      transformResult: async ({ result }) => result,
    };
    // The services read `db.kysely` at each call: every statement of the processor goes through the counter.
    (app.db as { kysely: TestApp['db']['kysely'] }).kysely = app.db.kysely.withPlugin(counter);
  });
  afterAll(() => app.close());
  let day = 0;
  beforeEach(() => app.clock.set(wib(2026, 12, 1 + (day += 8), 9, 12)));

  const ticketsOf = (phone: string) =>
    app.db.kysely.selectFrom('tickets').selectAll().where('reporter_phone', '=', phone).orderBy('id').execute();
  const offersOf = (phone: string) =>
    app.db.kysely.selectFrom('duplicate_offers').selectAll().where('phone', '=', phone).orderBy('id').execute();
  const repliesTo = async (phone: string) =>
    (await app.db.kysely.selectFrom('outbound_messages').select('body').where('target', '=', phone).orderBy('id').execute()).map(
      (r) => r.body,
    );

  /** Stores the messages in this order without handling them, then handles them as one batch. */
  async function oneBatch(messages: Array<[phone: string, text: string]>): Promise<void> {
    for (const [phone, text] of messages) {
      const res = await app.postWebhook(textMessage(phone, text));
      expect(res.status).toBe(200);
    }
    statements.length = 0;
    expect(await app.services.processor.sweep()).toBe(messages.length);
  }

  const people = (n: number) => Promise.all(Array.from({ length: n }, () => createEmployee(app.db)));

  test('When two people report the same room in one batch after the batch read every place, then the second gets the offer about the first one’s ticket', async () => {
    const [a, b, c, d] = await people(4);
    await oneBatch([
      [a!.phone, '#request lampu kelas 4.1 mati'],
      // The second lookup of the batch: every place's open tickets are read here, before b's ticket exists.
      [b!.phone, '#request lampu kelas 3.2 mati'],
      [c!.phone, '#request lampu kelas 3.2 mati juga'],
      [d!.phone, '#request lampu kelas 5.1 mati'],
    ]);

    const [first] = await ticketsOf(b!.phone);
    expect(first).toMatchObject({ place_id: rooms['3.2'] });
    expect(await ticketsOf(c!.phone)).toEqual([]);
    expect(await offersOf(c!.phone)).toEqual([expect.objectContaining({ status: 'pending', candidate_ticket_id: first!.id })]);
    expect((await repliesTo(c!.phone))[0]).toContain(`Sudah ada laporan *${first!.tracking_no}*`);
    expect(await ticketsOf(d!.phone)).toHaveLength(1);
  });

  test('When an open ticket is closed by its reporter in the batch, then a later report of its room in the batch is filed, not offered', async () => {
    const [owner, a, b] = await people(3);
    await app.say(owner!.phone, '#request lampu kelas 6.1 mati');
    await app.services.processor.sweep();
    const [old] = await ticketsOf(owner!.phone);
    await app.db.kysely.updateTable('tickets').set({ status: 'selesai' }).where('id', '=', old!.id).execute();
    app.clock.advance(60_000);

    await oneBatch([
      [a!.phone, '#request lampu kelas 4.1 mati'],
      [a!.phone, '#request lampu kelas 5.1 mati'],
      [owner!.phone, `#selesai ${old!.tracking_no}`],
      [b!.phone, '#request lampu kelas 6.1 mati'],
    ]);

    expect(await app.db.kysely.selectFrom('tickets').select('status').where('id', '=', old!.id).executeTakeFirst()).toEqual({
      status: 'ditutup',
    });
    expect(await offersOf(b!.phone)).toEqual([]);
    expect(await ticketsOf(b!.phone)).toEqual([expect.objectContaining({ place_id: rooms['6.1'] })]);
  });

  test('When a #request is offered an open ticket and the same chat answers #ikut in the same batch, then they follow it and nothing is filed', async () => {
    const [owner, a, b] = await people(3);
    await app.say(owner!.phone, '#request lampu kelas 7.1 mati');
    await app.services.processor.sweep();
    const [old] = await ticketsOf(owner!.phone);
    app.clock.advance(60_000);

    await oneBatch([
      [a!.phone, '#request lampu kelas 4.1 mati'],
      [b!.phone, '#request lampu kelas 7.1 padam'],
      [b!.phone, '#ikut'],
    ]);

    expect(await ticketsOf(b!.phone)).toEqual([]);
    expect(await offersOf(b!.phone)).toEqual([expect.objectContaining({ status: 'followed', ticket_id: old!.id })]);
    const followers = await app.db.kysely.selectFrom('ticket_followers').select('phone').where('ticket_id', '=', old!.id).execute();
    expect(followers).toEqual([{ phone: b!.phone }]);
  });

  test('When someone follows an open ticket with #ikut in the batch and reports its fault again in the same batch, then they are told they follow it, not offered it again', async () => {
    const [owner, a, b] = await people(3);
    await app.say(owner!.phone, '#request lampu kelas 7.1 mati');
    await app.services.processor.sweep();
    const [old] = await ticketsOf(owner!.phone);
    app.clock.advance(60_000);

    await oneBatch([
      [a!.phone, '#request lampu kelas 4.1 mati'],
      [b!.phone, '#request lampu kelas 7.1 padam'],
      [b!.phone, `#ikut ${old!.tracking_no}`],
      [b!.phone, '#request lampu kelas 7.1 masih mati'],
    ]);

    expect(await offersOf(b!.phone)).toEqual([expect.objectContaining({ status: 'followed', ticket_id: old!.id })]);
    const replies = await repliesTo(b!.phone);
    expect(replies.at(-1)).toContain(`Anda sudah mengikuti laporan *${old!.tracking_no}*`);
  });

  test('When the open ticket of an offer has technicians, then the offer names them, and one assigned in the same transaction as well', async () => {
    const [owner, a, b, c] = await people(4);
    const tech = await createStaff(app.db, { name: 'Siswanto', level: 'TBO' });
    const other = await createStaff(app.db, { name: 'Joko', level: 'TBO' });
    await app.say(owner!.phone, '#request lampu kelas 5.1 mati');
    await app.services.processor.sweep();
    const [old] = await ticketsOf(owner!.phone);
    await assignDirectly(app.db, old!.tracking_no, tech.id, null, app.clock.now());
    app.clock.advance(60_000);

    await oneBatch([
      [a!.phone, '#request lampu kelas 4.1 mati'],
      [b!.phone, '#request lampu kelas 5.1 padam'],
    ]);
    expect((await repliesTo(b!.phone))[0]).toContain('sedang ditangani Siswanto)');

    // An assignment made inside a transaction that read the offer facts already is seen by its next offer.
    await inTransaction(app.db, async (trx) => {
      const since = app.clock.now() - 7 * 86_400_000;
      await duplicateCandidatesAt(trx, rooms['4.1']!, since);
      await duplicateCandidatesAt(trx, rooms['5.1']!, since);
      expect(await techniciansOfCandidate(trx, old!.id)).toEqual(['Siswanto']);
      await trx
        .insertInto('assignments')
        .values({ ticket_id: old!.id, staff_id: other.id, note: null, status: 'active', assigned_by: null, assigned_at: app.clock.now() })
        .execute();
      expect(await techniciansOfCandidate(trx, old!.id)).toEqual(['Siswanto', 'Joko']);
      expect(await followsCandidate(trx, old!.id, c!.phone)).toBe(false);
    });
  });

  test('When ten people report ten rooms in one batch, then the lookup reads the first place alone, then every place once, then only the places the batch filed at since', async () => {
    const reporters = await people(10);
    // A ticket of no place first: this period's tracking-number counter exists, so the batch runs once (no retry).
    await app.say(reporters[0]!.phone, '#request keran bocor');
    await app.services.processor.sweep();
    const names = ['3.2', '4.1', '5.1', '6.1', '7.1'];
    await oneBatch(reporters.map((p, i) => [p.phone, `#request lampu kelas ${names[i % 5]} mati ${i < 5 ? '' : 'lagi'}`.trim()]));

    // Messages 6–10 name the rooms 1–5 filed: each is offered the batch's own ticket, read afresh.
    const offered = (await Promise.all(reporters.slice(5).map((p) => offersOf(p.phone)))).map((o) => o.length);
    expect(offered).toEqual([1, 1, 1, 1, 1]);
    const lookups = statements.filter((s) => s === 'SelectQueryNode tickets+places+categories').length;
    // 1 (the first, alone), 1 (every place), 4 (rooms the batch filed at since, read afresh), and on MySQL
    // the first's room too: its ticket, kept back until the next statement, is written as the shared read begins.
    expect(lookups).toBeGreaterThanOrEqual(6);
    expect(lookups).toBeLessThanOrEqual(7);
  });
});

/** `tickets`, or `tickets+places+categories` for a select with joins; `?` when the node names no table. */
function tableOf(node: RootOperationNode): string {
  const n = node as unknown as {
    from?: { froms: Array<{ table?: { identifier: { name: string } } }> };
    into?: { table: { identifier: { name: string } } };
    table?: { table?: { identifier: { name: string } } };
    joins?: Array<{ table: { table?: { identifier: { name: string } } } }>;
  };
  const first = n.from?.froms[0]?.table?.identifier.name ?? n.into?.table.identifier.name ?? n.table?.table?.identifier.name ?? '?';
  return [first, ...(n.joins ?? []).map((j) => j.table.table?.identifier.name ?? '?')].join('+');
}
