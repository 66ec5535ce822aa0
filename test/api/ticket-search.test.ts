import type { SignedIn } from '../support/api-client';
import { createEmployee } from '../support/factories';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';
import { planSearch } from '../../src/features/tickets/ticket-search';
import { fileTicket, insertTickets, staffMember, wib } from './ticket-fixtures';

describeEachDialect('GET /api/tickets: free text and counting on a large table', (dialect) => {
  let app: TestApp;
  let admin: SignedIn;
  beforeAll(async () => {
    app = await startTestApp(dialect);
    admin = await staffMember(app, 'Administrator');
  });
  afterAll(() => app.close());

  const numbers = async (query: string) =>
    ((await admin.get(`/api/tickets?${query}`).expect(200)).body.items as { trackingNo: string }[]).map((t) => t.trackingNo);

  test('When free text is searched, then each word must begin a word of the complaint or the name, in any order; short pieces match as substrings', async () => {
    const sari = await createEmployee(app.db, { name: 'Ibu Sari Wulandari', phone: '6281234500077' });
    const lamp = await fileTicket(app, { phone: sari.phone, complaint: 'Lampu kelas 3.2 mati', at: wib(2024, 2, 1, 9) });
    const ac = await fileTicket(app, { complaint: 'AC ruang dosen bocor', at: wib(2024, 2, 2, 9) });
    const other = await fileTicket(app, { complaint: 'lampu kelas 2.3 berkedip', at: wib(2024, 2, 3, 9) });
    const feb = 'from=2024-02-01&to=2024-02-29&order=asc';

    expect(await numbers(`${feb}&q=kelas%20lampu`)).toEqual([lamp.trackingNo, other.trackingNo]);
    expect(await numbers(`${feb}&q=lamp`)).toEqual([lamp.trackingNo, other.trackingNo]);
    // Inside a word is not a word's beginning: a semantics change from the substring search of before.
    expect(await numbers(`${feb}&q=ampu`)).toEqual([]);
    expect(await numbers(`${feb}&q=${encodeURIComponent('3.2')}`)).toEqual([lamp.trackingNo]);
    expect(await numbers(`${feb}&q=${encodeURIComponent('lampu 3.2')}`)).toEqual([lamp.trackingNo]);
    expect(await numbers(`${feb}&q=ac`)).toEqual([ac.trackingNo]);
    expect(await numbers(`${feb}&q=${encodeURIComponent('AC bocor,')}`)).toEqual([ac.trackingNo]);
    expect(await numbers(`${feb}&q=wulan`)).toEqual([lamp.trackingNo]);
    expect(await numbers(`${feb}&q=${encodeURIComponent('sari mati')}`)).toEqual([lamp.trackingNo]);
    expect(await numbers(`${feb}&q=${encodeURIComponent('0812-3450-0077')}`)).toEqual([lamp.trackingNo]);
    expect(await numbers(`${feb}&q=${lamp.trackingNo.slice(0, 7).toLowerCase()}`)).toEqual(
      expect.arrayContaining([lamp.trackingNo, ac.trackingNo, other.trackingNo]),
    );
    expect(await numbers(`${feb}&q=${other.trackingNo}`)).toEqual([other.trackingNo]);
  });

  test('When a ticket is filed, then its words are searchable at once (the word index follows every write)', async () => {
    const filed = await fileTicket(app, { complaint: 'wastafel toilet gedung Zeta tersumbat', at: wib(2024, 3, 1, 9) });
    expect(await numbers('q=tersumbat%20zeta')).toEqual([filed.trackingNo]);
  });

  test('When more than 10,000 tickets match, then total stops at 10,000 and says it is a lower bound, and paging goes on past it', async () => {
    await insertTickets(app, 10_005, 'BRT1901', (i) => ({
      status: i < 3 ? 'pending' : 'baru',
      created_at: wib(2019, 1, 1, 8) + i * 60_000,
    }));
    const jan = 'from=2019-01-01&to=2019-01-31';

    const all = await admin.get(`/api/tickets?${jan}&pageSize=100&page=101&order=asc`).expect(200);
    expect(all.body).toMatchObject({ total: 10_000, totalIsLowerBound: true, page: 101 });
    expect(all.body.items.map((t: { trackingNo: string }) => t.trackingNo)).toEqual([
      'BRT190110001',
      'BRT190110002',
      'BRT190110003',
      'BRT190110004',
      'BRT190110005',
    ]);
    const few = await admin.get(`/api/tickets?${jan}&status=pending`).expect(200);
    expect(few.body).toMatchObject({ total: 3, totalIsLowerBound: false });
  });
  test("When a word matches many of more than 5,000 tickets, then pages are its newest matches in order whichever plan serves them, and a common word's total may be a lower bound", async () => {
    // Every 1000th ticket mentions "kipas" (6), every other 10th "lampu" (594); numbered in creation order.
    await insertTickets(app, 6000, 'BRT1803', (i) => ({
      complaint: i % 1000 === 0 ? `kipas angin ${i} rusak` : i % 10 === 0 ? `Lampu gedung ${i} mati` : `keluhan ${i}`,
      created_at: wib(2018, 3, 1, 8) + i * 60_000,
    }));
    const march = 'from=2018-03-01&to=2018-03-31';
    const no = (i: number) => `BRT1803${String(i + 1).padStart(5, '0')}`;
    const lampu = Array.from({ length: 6000 }, (_, k) => 5999 - k)
      .filter((i) => i % 10 === 0 && i % 1000 !== 0)
      .map(no); // newest first
    const page = async (query: string) => (await admin.get(`/api/tickets?${march}&${query}`).expect(200)).body;

    const first = await page('q=lampu&pageSize=25');
    expect(first.items.map((t: { trackingNo: string }) => t.trackingNo)).toEqual(lampu.slice(0, 25));
    // MySQL counts a common word among the 2,000 newest tickets only: 198 there, so at least 198.
    expect({ total: first.total, lowerBound: first.totalIsLowerBound }).toEqual(
      dialect === 'mysql' ? { total: 198, lowerBound: true } : { total: 594, lowerBound: false },
    );
    expect((await page('q=LAMPU%20mati&pageSize=100&page=3')).items.map((t: { trackingNo: string }) => t.trackingNo)).toEqual(
      lampu.slice(200, 300),
    );
    // Past the newest 5,000 tickets: the word index serves the page, in the same order.
    expect((await page('q=lampu&pageSize=100&page=6')).items.map((t: { trackingNo: string }) => t.trackingNo)).toEqual(lampu.slice(500));
    expect((await page('q=lampu&pageSize=100&page=6&order=asc')).items.map((t: { trackingNo: string }) => t.trackingNo)).toEqual(
      [...lampu].reverse().slice(500),
    );
    // A rare word: the window holds too few, the word index answers, and counts exactly.
    const kipas = await page('q=kipas');
    expect(kipas.items.map((t: { trackingNo: string }) => t.trackingNo)).toEqual([5000, 4000, 3000, 2000, 1000, 0].map(no));
    expect(kipas).toMatchObject({ total: 6, totalIsLowerBound: false });
    // Inside a word is still not a word's beginning on the row-by-row test.
    expect((await page('q=ampu')).items).toEqual([]);
  });

  test('When a tracking-number prefix is searched, then tickets come by tracking number, highest first (the unique index, no sort)', async () => {
    await insertTickets(app, 30, 'BRT1704', (i) => ({ created_at: wib(2017, 4, 1, 8) + i * 60_000 }));
    expect(await numbers('q=brt1704&pageSize=3')).toEqual(['BRT170400030', 'BRT170400029', 'BRT170400028']);
    expect(await numbers('q=BRT1704&pageSize=3&order=asc')).toEqual(['BRT170400001', 'BRT170400002', 'BRT170400003']);
  });
});

describe('planSearch', () => {
  test.each([
    ['BRT2409', { kind: 'tracking', value: 'BRT2409' }],
    ['brt2409001', { kind: 'tracking', value: 'BRT2409001' }],
    ['+62 812-3450-0077', { kind: 'phone', value: '6281234500077' }],
    ['081234500077', { kind: 'phone', value: '6281234500077' }],
    ['Lampu KELAS 3.2', { kind: 'text', words: ['lampu', 'kelas'], fragments: ['3.2'] }],
    ['AC (wc) the lampu!', { kind: 'text', words: ['lampu'], fragments: ['AC', 'wc', 'the'] }],
    ['100% 1234', { kind: 'text', words: ['100', '1234'], fragments: [] }],
    ['%', { kind: 'text', words: [], fragments: ['%'] }],
  ])('When %p is searched, then it is planned as %p', (q, plan) => {
    expect(planSearch(q)).toMatchObject(plan);
  });
});
