import { describeEachDialect } from '../support/test-db';
import { startTestApp, type TestApp } from '../support/test-app';
import { signedIn } from '../support/api-client';
import { createStaff } from '../support/factories';
import { fileTicket } from './ticket-fixtures';

describeEachDialect('GET /api/technicians', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect);
  });
  afterAll(() => app.close());

  test('When a Staf asks whom to assign, then active technicians are listed by name with their unfinished jobs', async () => {
    const desk = await signedIn(app, 'Staf');
    const busy = await createStaff(app.db, { level: 'TBO', name: 'Aan Teknisi' });
    const free = await createStaff(app.db, { level: 'TBO', name: 'Budi Teknisi' });
    const gone = await createStaff(app.db, { level: 'TBO', name: 'Cici Teknisi', status: 'inactive' });
    for (let i = 0; i < 2; i++) {
      const { trackingNo } = await fileTicket(app);
      expect((await desk.post(`/api/tickets/${trackingNo}/assignments`, { staffId: busy.id })).status).toBe(201);
    }
    const res = await desk.get('/api/technicians');
    expect(res.status).toBe(200);
    const byId = new Map(res.body.items.map((t: { id: string }) => [t.id, t]));
    expect(byId.get(busy.id)).toEqual({ id: busy.id, name: 'Aan Teknisi', phone: busy.phone, openJobs: 2 });
    expect(byId.get(free.id)).toMatchObject({ openJobs: 0 });
    expect(byId.has(gone.id)).toBe(false);
    expect(res.body.items.every((t: { id: string }) => t.id !== desk.staff.id)).toBe(true);
  });
});
