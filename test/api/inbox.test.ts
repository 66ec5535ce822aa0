import { signedIn, type SignedIn } from '../support/api-client';
import { sayToInbox } from '../support/inbox-seed';
import { startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';

let phoneSeq = 0;
/** A number nobody in the directory has. */
const stranger = () => `62857${String(++phoneSeq).padStart(7, '0')}`;

describeEachDialect('the desk inbox: /api/conversations', (dialect) => {
  let app: TestApp;
  let admin: SignedIn;
  let staf: SignedIn;
  let tbo: SignedIn;

  beforeAll(async () => {
    app = await startTestApp(dialect);
    admin = await signedIn(app, 'Administrator');
    staf = await signedIn(app, 'Staf');
    tbo = await signedIn(app, 'TBO');
  });
  afterAll(() => app.close());
  beforeEach(() => app.fonnte.reset());

  describe('GET /api/conversations/summary', () => {
    test('When nothing waits, then the summary counts zero and has no latest time', async () => {
      const res = await admin.get('/api/conversations/summary');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ waiting: 0, unread: 0, latestAt: null });
    });

    test('When two chats wait with three messages, then the summary counts two chats, three unread and the newest time', async () => {
      const [a, b] = [stranger(), stranger()];
      await sayToInbox(app, a, 'halo pak, AC di ruang 204 bocor');
      await sayToInbox(app, b, 'Selamat pagi, proyektor di ruang 3.1 tidak mau nyala');
      await sayToInbox(app, a, 'tolong dicek ya');
      const res = await staf.get('/api/conversations/summary');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ waiting: 2, unread: 3, latestAt: new Date(app.clock.now()).toISOString() });
    });

    test('When a technician asks, then 403; without a token, 401', async () => {
      expect((await tbo.get('/api/conversations/summary')).status).toBe(403);
      expect((await app.http.get('/api/conversations/summary')).status).toBe(401);
    });
  });
});
