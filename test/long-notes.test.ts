import { describeEachDialect } from './support/test-db';
import { startTestApp, type TestApp } from './support/test-app';
import { assignDirectly, createEmployee, createStaff } from './support/factories';

/**
 * About `chars` characters (UTF-16 code units) of everyday text with emoji, beginning with `tag`
 * so rows can be found: well past the 65,535 bytes a MySQL TEXT column holds in utf8mb4.
 */
function longText(tag: string, chars: number): string {
  const piece = 'kabel stop kontak putus 🔌 lampu berkedip 💡 air menetes 😭 ';
  return `${tag} ${piece.repeat(Math.ceil(chars / piece.length))}`.slice(0, chars).trimEnd();
}

describeEachDialect('Long texts sent by chat', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(() => app.close());

  test('When the texts are built, then each is longer than a MySQL TEXT column holds', () => {
    expect(Buffer.byteLength(longText('x', 70_000), 'utf8')).toBeGreaterThan(65_535);
  });

  test('When a technician sends a #report of 70,000 characters with emoji, then the whole note is stored and they get the usual answer, not the apology', async () => {
    const tech = await createStaff(app.db, { level: 'TBO', name: 'Siswanto' });
    const reporter = await createEmployee(app.db);
    await app.say(reporter.phone, '#request lampu kelas 3.2 mati');
    const ticket = await app.db.kysely
      .selectFrom('tickets')
      .select(['id', 'tracking_no'])
      .where('reporter_phone', '=', reporter.phone)
      .executeTakeFirstOrThrow();
    await assignDirectly(app.db, ticket.tracking_no, tech.id, null, app.clock.now());
    await app.settle();
    const note = longText('progres-panjang', 70_000);

    const sent = await app.say(tech.phone!, `#report ${ticket.tracking_no} ${note}`);

    const answer = sent.find((m) => m.target === tech.phone)!.message;
    expect(answer).toBe(`Progres *${ticket.tracking_no}* tercatat dan diteruskan ke pelapor.`);
    expect(sent.map((m) => m.message).join('\n')).not.toContain('gangguan');
    const stored = await app.db.kysely
      .selectFrom('ticket_events')
      .select('note')
      .where('ticket_id', '=', ticket.id)
      .where('kind', '=', 'progress')
      .executeTakeFirstOrThrow();
    expect(stored.note!.length).toBe(note.length);
    expect(stored.note).toBe(note);
    const inbound = await app.db.kysely
      .selectFrom('inbound_messages')
      .select('status')
      .where('sender_phone', '=', tech.phone!)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(inbound.status).toBe('processed');
  });

  test('When a reporter sends a #request with a 70,000-character complaint, then the ticket holds all of it and they get their tracking number', async () => {
    const reporter = await createEmployee(app.db);
    const complaint = longText('keluhan-panjang', 70_000);

    const sent = await app.say(reporter.phone, `#request ${complaint}`);

    const ticket = await app.db.kysely
      .selectFrom('tickets')
      .select(['tracking_no', 'complaint'])
      .where('reporter_phone', '=', reporter.phone)
      .executeTakeFirstOrThrow();
    expect(ticket.complaint).toBe(complaint);
    const answer = sent.find((m) => m.target === reporter.phone)!.message;
    expect(answer).toContain(`Nomor tracking Anda: *${ticket.tracking_no}*`);
    expect(sent.map((m) => m.message).join('\n')).not.toContain('gangguan');
  });
});
