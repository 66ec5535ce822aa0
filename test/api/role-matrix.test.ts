import type request from 'supertest';
import type { StaffLevel } from '../../src/db/database';
import { signedIn, type SignedIn } from '../support/api-client';
import { createEmployee, createStaff } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';

/*
 * Who may call what: every /api route against anonymous, Administrator, Staf and TBO.
 * The README's role table says the same thing in prose.
 *
 *   allowed   the role gets past authorization: not 401/403, not "route not found", not 5xx
 *   forbidden 403
 *   hidden    404: a technician is not told a ticket (or file) outside their assignments exists
 *   public    anonymous callers are let in too
 */
type Expect = 'allowed' | 'forbidden' | 'hidden';
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface Fixture {
  employee: string;
  staff: string;
  tech2: string;
  assignedTicket: string;
  otherTicket: string;
  statusTicket: string;
  withdrawTicket: string;
  assignment: string;
  outbox: string;
  chat: string;
  category: string;
}

interface Row {
  method: Method;
  path: string;
  /** Administrator, Staf, TBO */
  expect: [Expect, Expect, Expect];
  body?: (f: Fixture) => object;
  public?: boolean;
  /** The call changes the caller's own session (logout): each role gets a new account for it. */
  fresh?: boolean;
}

const A = 'allowed';
const F = 'forbidden';
const H = 'hidden';

const matrix: Row[] = [
  // auth
  { method: 'POST', path: '/api/auth/login', expect: [A, A, A], public: true, body: () => ({}) },
  { method: 'GET', path: '/api/auth/me', expect: [A, A, A] },
  { method: 'POST', path: '/api/auth/password', expect: [A, A, A], body: () => ({}) },
  { method: 'POST', path: '/api/auth/logout', expect: [A, A, A], fresh: true },
  { method: 'GET', path: '/api/openapi.json', expect: [A, A, A], public: true },
  { method: 'GET', path: '/api/docs', expect: [A, A, A], public: true },
  // employees
  { method: 'GET', path: '/api/employees', expect: [A, A, F] },
  { method: 'POST', path: '/api/employees', expect: [A, A, F], body: () => ({}) },
  { method: 'GET', path: '/api/employees/:employee', expect: [A, A, F] },
  { method: 'PATCH', path: '/api/employees/:employee', expect: [A, A, F], body: () => ({ notes: 'matrix' }) },
  { method: 'DELETE', path: '/api/employees/:employee', expect: [A, A, F] },
  // staff
  { method: 'GET', path: '/api/staff', expect: [A, F, F] },
  { method: 'POST', path: '/api/staff', expect: [A, F, F], body: () => ({}) },
  { method: 'GET', path: '/api/staff/:staff', expect: [A, F, F] },
  { method: 'PATCH', path: '/api/staff/:staff', expect: [A, F, F], body: () => ({ notes: 'matrix' }) },
  { method: 'DELETE', path: '/api/staff/:staff', expect: [A, F, F] },
  // audit
  { method: 'GET', path: '/api/audit', expect: [A, F, F] },
  // tickets (the ticket-side routes)
  { method: 'GET', path: '/api/tickets', expect: [A, A, A] },
  { method: 'GET', path: '/api/tickets/:assignedTicket', expect: [A, A, A] },
  { method: 'GET', path: '/api/tickets/:otherTicket', expect: [A, A, H] },
  { method: 'POST', path: '/api/tickets/:assignedTicket/events', expect: [A, A, A], body: () => ({ note: 'Sedang dicek.' }) },
  { method: 'POST', path: '/api/tickets/:otherTicket/events', expect: [A, A, H], body: () => ({ note: 'Sedang dicek.' }) },
  { method: 'POST', path: '/api/tickets/:otherTicket/assignments', expect: [A, A, F], body: (f) => ({ staffId: f.tech2, note: 'matrix' }) },
  { method: 'DELETE', path: '/api/tickets/:withdrawTicket/assignments/:assignment', expect: [A, A, F] },
  {
    method: 'PATCH',
    path: '/api/tickets/:statusTicket',
    expect: [A, A, F],
    body: () => ({ status: 'pending', note: 'menunggu suku cadang' }),
  },
  { method: 'POST', path: '/api/tickets', expect: [A, A, F], body: () => ({}) },
  { method: 'POST', path: '/api/tickets/:assignedTicket/messages', expect: [A, A, F], body: () => ({}) },
  { method: 'GET', path: '/api/tickets/export', expect: [A, A, F] },
  { method: 'PATCH', path: '/api/tickets/:statusTicket/classification', expect: [A, A, F], body: () => ({ priority: 'tinggi' }) },
  // a ticket's place (null: unknown; always valid, so a permitted call is 200)
  { method: 'PATCH', path: '/api/tickets/:statusTicket/place', expect: [A, A, F], body: () => ({ placeId: null }) },
  // categories
  { method: 'GET', path: '/api/categories', expect: [A, A, F] },
  { method: 'POST', path: '/api/categories', expect: [A, F, F], body: () => ({}) },
  { method: 'PATCH', path: '/api/categories/:category', expect: [A, F, F], body: () => ({ name: 'Matriks' }) },
  // places (bodies are empty or the place does not exist: nothing is written)
  { method: 'GET', path: '/api/places', expect: [A, A, F] },
  { method: 'POST', path: '/api/places', expect: [A, A, F], body: () => ({}) },
  { method: 'GET', path: '/api/places/999999', expect: [A, A, F] },
  { method: 'PATCH', path: '/api/places/999999', expect: [A, A, F], body: () => ({ name: 'Matriks' }) },
  { method: 'POST', path: '/api/places/import?dryRun=true', expect: [A, A, F], body: () => ({}) },
  { method: 'GET', path: '/api/places/import-template.xlsx', expect: [A, A, F] },
  // the working calendar and SLA targets (bodies are empty or days and ids do not exist: nothing is written)
  { method: 'GET', path: '/api/sla/calendar', expect: [A, A, F] },
  { method: 'GET', path: '/api/holidays', expect: [A, A, F] },
  { method: 'POST', path: '/api/holidays', expect: [A, F, F], body: () => ({}) },
  { method: 'DELETE', path: '/api/holidays/2099-01-01', expect: [A, F, F] },
  { method: 'POST', path: '/api/holidays/import', expect: [A, F, F], body: () => ({}) },
  { method: 'GET', path: '/api/sla-targets', expect: [A, A, F] },
  { method: 'PUT', path: '/api/sla-targets', expect: [A, F, F], body: () => ({}) },
  { method: 'DELETE', path: '/api/sla-targets/999999', expect: [A, F, F] },
  // room QR codes (no place 999999: desk staff get a plain 404)
  { method: 'GET', path: '/api/places/999999/qr.svg', expect: [A, A, F] },
  { method: 'GET', path: '/api/places/999999/qr.png', expect: [A, A, F] },
  { method: 'GET', path: '/api/places/qr-sheet?building=999999', expect: [A, A, F] },
  // repeat faults (no building 999999: desk staff get a plain 404)
  { method: 'GET', path: '/api/repeat-faults', expect: [A, A, F] },
  { method: 'GET', path: '/api/repeat-faults/buildings/999999', expect: [A, A, F] },
  { method: 'GET', path: '/api/repeat-faults/export.xlsx', expect: [A, A, F] },
  // the desk's inbox (a chat that never needed a person: desk staff get a plain 404)
  { method: 'GET', path: '/api/conversations/summary', expect: [A, A, F] },
  { method: 'GET', path: '/api/conversations', expect: [A, A, F] },
  { method: 'GET', path: '/api/conversations/:chat', expect: [A, A, F] },
  { method: 'POST', path: '/api/conversations/:chat/read', expect: [A, A, F] },
  { method: 'POST', path: '/api/conversations/:chat/replies', expect: [A, A, F], body: () => ({ text: 'Baik, kami cek.' }) },
  { method: 'POST', path: '/api/conversations/:chat/tickets', expect: [A, A, F], body: () => ({ complaint: 'AC bocor' }) },
  { method: 'POST', path: '/api/conversations/:chat/handled', expect: [A, A, F] },
  { method: 'GET', path: '/api/messages', expect: [A, A, F] },
  { method: 'GET', path: '/api/outbox', expect: [A, A, F] },
  { method: 'POST', path: '/api/outbox/:outbox/retry', expect: [A, A, F] },
  { method: 'GET', path: '/api/stats', expect: [A, A, F] },
  { method: 'GET', path: '/api/technicians', expect: [A, A, F] },
  { method: 'GET', path: '/api/health/gateway', expect: [A, A, A] },
  // No file 999999: desk staff get a plain 404 (allowed); a technician gets the same 404 for any file outside their tickets.
  { method: 'GET', path: '/api/media/999999', expect: [A, A, H] },
  // followers and merging (issue 15 part 3)
  // An empty body: the desk is let through to the validation (400), nothing is merged; a technician is refused.
  { method: 'POST', path: '/api/tickets/:otherTicket/merge', expect: [A, A, F], body: () => ({}) },
  // people import and set-password links (issue 16 part 1)
  { method: 'POST', path: '/api/people/import', expect: [A, F, F], body: () => ({}) },
  { method: 'GET', path: '/api/people/import-template.xlsx', expect: [A, F, F] },
  { method: 'POST', path: '/api/staff/:staff/set-password-link', expect: [A, F, F] },
  // The token is the proof: anyone may ask about a link (an unknown one is a plain 404) or use one.
  { method: 'GET', path: `/api/auth/set-password/${'x'.repeat(43)}`, expect: [A, A, A], public: true },
  { method: 'POST', path: '/api/auth/set-password', expect: [A, A, A], public: true, body: () => ({}) },
  // retention and personal data (issue 16 parts 3 and 4)
  { method: 'GET', path: '/api/retention/preview', expect: [A, F, F] },
  { method: 'GET', path: '/api/retention/runs', expect: [A, F, F] },
  { method: 'GET', path: '/api/personal-data?phone=081299990000', expect: [A, F, F] },
  { method: 'GET', path: '/api/personal-data/export?phone=081299990000', expect: [A, F, F] },
  // An empty body: the Administrator's answer is the 400 naming the field, nothing is erased.
  { method: 'POST', path: '/api/personal-data/erase', expect: [A, F, F], body: () => ({}) },
];

const roles: StaffLevel[] = ['Administrator', 'Staf', 'TBO'];
const cases = matrix.flatMap((row) => roles.map((role, i) => ({ row, role, expected: row.expect[i]! })));

/** The app's catch-all answer for a path no router handles: `{code:'NOT_FOUND', message:'GET /api/x not found'}`. */
const isMissingRoute = (res: request.Response) =>
  res.status === 404 && /^[A-Z]+ \/api\/\S* not found$/.test(res.body?.error?.message ?? '');

describeEachDialect('role matrix', (dialect) => {
  let app: TestApp;
  let fixture: Fixture;
  const clients = {} as Record<StaffLevel, SignedIn>;

  beforeAll(async () => {
    app = await startTestApp(dialect);
    for (const role of roles) clients[role] = await signedIn(app, role);
    const tech2 = await createStaff(app.db, { level: 'TBO' });
    const fileTicket = async () => {
      const emp = await createEmployee(app.db);
      await app.say(emp.phone, '#request lampu kelas 3.2 mati');
      return app.db.kysely
        .selectFrom('tickets')
        .select(['id', 'tracking_no'])
        .where('reporter_phone', '=', emp.phone)
        .executeTakeFirstOrThrow();
    };
    const assign = async (ticketId: number, staffId: string) => {
      const res = await app.db.kysely
        .insertInto('assignments')
        .values({
          ticket_id: ticketId,
          staff_id: staffId,
          note: null,
          status: 'active',
          assigned_by: clients.Administrator.staff.id,
          assigned_at: app.clock.now(),
          started_at: null,
          finished_at: null,
          withdrawn_at: null,
          withdrawn_by: null,
        })
        .executeTakeFirstOrThrow();
      return String(Number(res.insertId));
    };
    const [assigned, other, status, withdraw] = [await fileTicket(), await fileTicket(), await fileTicket(), await fileTicket()];
    await assign(assigned!.id, clients.TBO.staff.id);
    const assignment = await assign(withdraw!.id, tech2.id);
    const outbox = await app.db.kysely.selectFrom('outbound_messages').select('id').orderBy('id').executeTakeFirstOrThrow();
    fixture = {
      employee: (await createEmployee(app.db)).id,
      staff: (await createStaff(app.db, { level: 'TBO' })).id,
      tech2: tech2.id,
      assignedTicket: assigned!.tracking_no,
      otherTicket: other!.tracking_no,
      statusTicket: status!.tracking_no,
      withdrawTicket: withdraw!.tracking_no,
      assignment,
      outbox: String(outbox.id),
      chat: '6285700000999',
      category: String(
        (await app.db.kysely.selectFrom('categories').select('id').where('code', '=', 'lainnya').executeTakeFirstOrThrow()).id,
      ),
    };
  });
  afterAll(() => app.close());

  const urlOf = (row: Row) => row.path.replace(/:(\w+)/g, (_, key: keyof Fixture) => fixture[key]);
  const call = (row: Row, auth?: SignedIn) => {
    const url = urlOf(row);
    let req = app.http[row.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](url);
    if (auth) req = req.set('authorization', `Bearer ${auth.token}`);
    return row.body ? req.send(row.body(fixture)) : req;
  };
  const describeResponse = (res: request.Response) => `${res.status} ${JSON.stringify(res.body?.error ?? '')}`;

  test('When a signed-in caller asks for a route nobody built, then the matrix recognises the answer as a missing route', async () => {
    const res = await call({ method: 'GET', path: '/api/no-such-route', expect: [A, A, A] }, clients.Administrator);
    expect(isMissingRoute(res)).toBe(true);
  });

  test.each(matrix.map((row) => [`${row.method} ${row.path}`, row] as const))(
    'When %s is called without a token, then 401 unless it is public',
    async (_name, row) => {
      const res = await call(row);
      if (row.public) {
        expect(isMissingRoute(res) ? `route missing: ${describeResponse(res)}` : describeResponse(res)).not.toMatch(
          /^(401|403|5\d\d) |^route missing/,
        );
      } else {
        expect(describeResponse(res)).toMatch(/^401 /);
      }
    },
  );

  test.each(cases.map((c) => [c.role, `${c.row.method} ${c.row.path}`, c.expected, c] as const))(
    'When %s calls %s, then it is %s',
    async (_role, _name, expected, c) => {
      const client = c.row.fresh ? await signedIn(app, c.role) : clients[c.role];
      const res = await call(c.row, client);
      const got = describeResponse(res);
      if (expected === 'forbidden') expect(got).toMatch(/^403 /);
      else if (expected === 'hidden') expect(got).toMatch(/^404 /);
      else {
        expect(isMissingRoute(res) ? `route missing: ${got}` : got).not.toMatch(/^(401|403|5\d\d) |^route missing/);
      }
    },
  );
});
