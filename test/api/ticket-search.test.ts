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

  const numbers = async (query: string) => ((await admin.get(`/api/tickets?${query}`).expect(200)).body.items as { trackingNo: string }[]).map((t) => t.trackingNo);

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
    expect(await numbers(`${feb}&q=${lamp.trackingNo.slice(0, 7).toLowerCase()}`)).toEqual(expect.arrayContaining([lamp.trackingNo, ac.trackingNo, other.trackingNo]));
    expect(await numbers(`${feb}&q=${other.trackingNo}`)).toEqual([other.trackingNo]);
  });

  test('When a ticket is filed, then its words are searchable at once (the word index follows every write)', async () => {
    const filed = await fileTicket(app, { complaint: 'wastafel toilet gedung Zeta tersumbat', at: wib(2024, 3, 1, 9) });
    expect(await numbers('q=tersumbat%20zeta')).toEqual([filed.trackingNo]);
  });

  test('When more than 10,000 tickets match, then total stops at 10,000 and says it is a lower bound, and paging goes on past it', async () => {
    await insertTickets(app, 10_005, 'BRT1901', (i) => ({ status: i < 3 ? 'pending' : 'baru', created_at: wib(2019, 1, 1, 8) + i * 60_000 }));
    const jan = 'from=2019-01-01&to=2019-01-31';

    const all = await admin.get(`/api/tickets?${jan}&pageSize=100&page=101&order=asc`).expect(200);
    expect(all.body).toMatchObject({ total: 10_000, totalIsLowerBound: true, page: 101 });
    expect(all.body.items.map((t: { trackingNo: string }) => t.trackingNo)).toEqual(['BRT190110001', 'BRT190110002', 'BRT190110003', 'BRT190110004', 'BRT190110005']);
    const few = await admin.get(`/api/tickets?${jan}&status=pending`).expect(200);
    expect(few.body).toMatchObject({ total: 3, totalIsLowerBound: false });
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
