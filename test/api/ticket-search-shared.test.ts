import type { SignedIn } from '../support/api-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';
import { countQueries, insertTickets, staffMember, wib } from './ticket-fixtures';

/*
 * The list's word search on a month of 6,000 tickets, each answer checked against a model of the
 * month built here. On MySQL the count's window (the 2,000 newest tickets of the other filters) now
 * serves the page too, and a rare word reads the word index once for the page and the count
 * (ticket-list.service.ts); the answers must be those of the plans they replace.
 */

const N = 6000;
interface Model {
  i: number;
  complaint: string;
  name: string;
  status: 'baru' | 'pending';
}
/** Every 10th ticket is a lamp ("kelas 3.2" on every 20th, "kelas 2.3" on the others); Irfan Pratama reports every 97th of the oldest half and two of the newest. */
const model: Model[] = Array.from({ length: N }, (_, i) => ({
  i,
  complaint: i % 10 === 0 ? `Lampu kelas ${i % 20 === 0 ? '3.2' : '2.3'} mati` : `keluhan ${i}`,
  name: (i < 3000 && i % 97 === 0) || i === 4500 || i === 5500 ? 'Irfan Pratama' : `Pelapor ${i + 1}`,
  status: i % 30 === 0 ? 'pending' : 'baru',
}));
/** Merged into another ticket: still found by a search. One is among the newest lamps, one among Irfan's oldest. */
const MERGED = [5990, 97];
const no = (i: number) => `BRT1605${String(i + 1).padStart(5, '0')}`;

const isLamp = (t: Model) => t.i % 10 === 0;
const isIrfan = (t: Model) => t.name === 'Irfan Pratama';
const isKelas32 = (t: Model) => t.complaint.includes('kelas 3.2');
const any = () => true;

/** Matching tickets' numbers newest first, and the total each dialect reports (on MySQL a common word is counted on the 2,000 newest of the other filters). */
function expected(match: (t: Model) => boolean, others: (t: Model) => boolean, dialect: string) {
  const newestFirst = model.filter(others).reverse();
  const all = newestFirst.filter(match).map((t) => no(t.i));
  const window = newestFirst.slice(0, 2000).filter(match).length;
  const common = dialect === 'mysql' && newestFirst.length >= 2000 && window >= 50;
  return { all, total: common ? { total: window, totalIsLowerBound: true } : { total: all.length, totalIsLowerBound: false } };
}

describeEachDialect('GET /api/tickets: a word search reads its matches once for the page and the count', (dialect) => {
  let app: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    app = await startTestApp(dialect);
    admin = await staffMember(app, 'Administrator');
    await insertTickets(app, N, 'BRT1605', (i) => ({
      complaint: model[i]!.complaint,
      reporter_name: model[i]!.name,
      status: model[i]!.status,
      created_at: wib(2016, 5, 1, 8) + i * 60_000,
    }));
    const ids = await app.db.kysely
      .selectFrom('tickets')
      .select(['id', 'tracking_no'])
      .where('tracking_no', 'in', [...MERGED, 5980, 0].map(no))
      .execute();
    const id = (i: number) => ids.find((r) => r.tracking_no === no(i))!.id;
    await app.db.kysely
      .insertInto('ticket_merges')
      .values(MERGED.map((i, k) => ({ ticket_id: id(i), into_ticket_id: id([5980, 0][k]!), merged_by: null, merged_at: wib(2016, 5, 6) })))
      .execute();
  });
  afterAll(() => app.close());

  const month = 'from=2016-05-01&to=2016-05-31';
  const list = async (query: string) => {
    const body = (await admin.get(`/api/tickets?${month}&${query}`).expect(200)).body;
    return {
      numbers: (body.items as Array<{ trackingNo: string }>).map((t) => t.trackingNo),
      total: body.total,
      lowerBound: body.totalIsLowerBound,
    };
  };
  const totalOf = (e: ReturnType<typeof expected>) => ({ total: e.total.total, lowerBound: e.total.totalIsLowerBound });

  test('When a rare word has more matches than a page, then pages 1 and 2 are its newest matches and the total is exact, merged tickets included', async () => {
    const irfan = expected(isIrfan, any, dialect);
    expect(irfan.all).toHaveLength(33);
    expect(irfan.all).toContain(no(97));
    const q = `q=${encodeURIComponent('Irfan Pratama')}&pageSize=10`;
    expect(await list(q)).toEqual({ numbers: irfan.all.slice(0, 10), total: 33, lowerBound: false });
    expect(await list(`${q}&page=2`)).toEqual({ numbers: irfan.all.slice(10, 20), total: 33, lowerBound: false });
    expect(await list(`${q}&page=4`)).toEqual({ numbers: irfan.all.slice(30), total: 33, lowerBound: false });
    expect(await list(`${q}&page=5`)).toEqual({ numbers: [], total: 33, lowerBound: false });
    expect(await list(`${q}&order=asc`)).toEqual({ numbers: [...irfan.all].reverse().slice(0, 10), total: 33, lowerBound: false });
  });

  test('When a common word is searched, then pages come newest first across the window and past it, and the total is the lower bound of before', async () => {
    const lampu = expected(isLamp, any, dialect);
    expect(lampu.all).toContain(no(5990));
    expect(totalOf(lampu)).toEqual(dialect === 'mysql' ? { total: 200, lowerBound: true } : { total: 600, lowerBound: false });
    expect(await list('q=lampu&pageSize=25')).toEqual({ numbers: lampu.all.slice(0, 25), ...totalOf(lampu) });
    // Offset 150–225: the window's last 50 matches, then 25 from the tickets after it.
    expect(await list('q=lampu&pageSize=75&page=3')).toEqual({ numbers: lampu.all.slice(150, 225), ...totalOf(lampu) });
    // Past the newest 5,000 tickets' matches: the word index.
    expect(await list('q=lampu&pageSize=100&page=6')).toEqual({ numbers: lampu.all.slice(500, 600), ...totalOf(lampu) });
    expect(await list('q=LAMPU&pageSize=100&order=asc')).toEqual({ numbers: [...lampu.all].reverse().slice(0, 100), ...totalOf(lampu) });
  });

  test('When a word comes with another filter, then the window is read on that filter: exact when it holds every such ticket, a lower bound otherwise', async () => {
    const pending = expected(isLamp, (t) => t.status === 'pending', dialect);
    expect(pending.total).toEqual({ total: 200, totalIsLowerBound: false });
    expect(await list('q=lampu&status=pending&pageSize=20&page=2')).toEqual({ numbers: pending.all.slice(20, 40), ...totalOf(pending) });
    expect(await list('q=lampu&status=pending&pageSize=20&order=asc')).toEqual({
      numbers: [...pending.all].reverse().slice(0, 20),
      ...totalOf(pending),
    });
    const baru = expected(isLamp, (t) => t.status === 'baru', dialect);
    expect(await list('q=lampu&status=baru&pageSize=30&page=3')).toEqual({ numbers: baru.all.slice(60, 90), ...totalOf(baru) });
    const irfanPending = expected(isIrfan, (t) => t.status === 'pending', dialect);
    expect(await list(`q=${encodeURIComponent('pratama irfan')}&status=pending`)).toEqual({
      numbers: irfanPending.all,
      ...totalOf(irfanPending),
    });
  });

  test('When a word comes with a piece the word index does not hold ("kelas 3.2"), then both must match', async () => {
    const kelas = expected(isKelas32, any, dialect);
    expect(kelas.all).toHaveLength(300);
    expect(await list(`q=${encodeURIComponent('kelas 3.2')}&pageSize=10&page=2`)).toEqual({
      numbers: kelas.all.slice(10, 20),
      ...totalOf(kelas),
    });
    const rare = expected((t) => isKelas32(t) && isIrfan(t), any, dialect);
    expect(rare.all.length).toBeGreaterThan(0);
    expect(await list(`q=${encodeURIComponent('irfan 3.2')}`)).toEqual({ numbers: rare.all, ...totalOf(rare) });
  });

  test('When a word rare among the newest tickets matches more than 10,000, then the total is 10,000 as a lower bound and pages still come in order', async () => {
    // 10,020 old tickets say "tetes", the 2,000 newest of the month do not: the window finds none, the word index more than it counts.
    const old = 10_020;
    await insertTickets(app, old + 2000, 'BRT1507', (i) => ({
      complaint: i < old ? `atap tetes ${i}` : `pintu ${i}`,
      created_at: wib(2015, 7, 1, 8) + i * 60_000,
    }));
    const july = 'from=2015-07-01&to=2015-07-31';
    const tetes = Array.from({ length: old }, (_, k) => `BRT1507${String(old - k).padStart(5, '0')}`); // newest first
    const page = async (query: string) => {
      const body = (await admin.get(`/api/tickets?${july}&q=tetes&${query}`).expect(200)).body;
      return {
        numbers: (body.items as Array<{ trackingNo: string }>).map((t) => t.trackingNo),
        total: body.total,
        lowerBound: body.totalIsLowerBound,
      };
    };
    expect(await page('pageSize=20')).toEqual({ numbers: tetes.slice(0, 20), total: 10_000, lowerBound: true });
    expect(await page('pageSize=100&page=101')).toEqual({ numbers: tetes.slice(10_000), total: 10_000, lowerBound: true });
    expect(await page('pageSize=100&page=102')).toEqual({ numbers: [], total: 10_000, lowerBound: true });
  });

  test('When a word is searched on MySQL, then it takes the shared statements: a common word as many as a plain list, a rare word one more', async () => {
    const statements = async (query: string) => (await countQueries(app, () => list(query))).queries;
    // A plain list: the sign-in's own, the page, its technicians and the count.
    const plain = await statements('status=pending');
    // Common (MySQL): the window, the page's rows by key, their technicians. SQLite: the page, technicians, count.
    expect(await statements('q=lampu')).toBe(plain);
    // Rare (MySQL): the window, one read of the word index for the count and the page's ids, the rows, their technicians.
    expect(await statements(`q=${encodeURIComponent('Irfan Pratama')}`)).toBe(dialect === 'mysql' ? plain + 1 : plain);
  });
});
