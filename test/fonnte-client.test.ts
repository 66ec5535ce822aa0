import { createFonnteClient } from '../src/fonnte/fonnte-client';
import { startFakeFonnte, type FakeFonnte } from './support/fake-fonnte';

/* The client's connections to Fonnte: kept alive and reused, bounded by maxSockets. */
describe('Fonnte client connections', () => {
  let fake: FakeFonnte;

  beforeAll(async () => {
    fake = await startFakeFonnte();
  });
  afterAll(async () => {
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  test('When one client sends 20 messages one after another, then they all travel on one connection', async () => {
    const client = createFonnteClient({ apiUrl: fake.url, token: 'test-token', timeoutMs: 5000 });
    for (let i = 0; i < 20; i++) expect(await client.send('6281200000001', `pesan ${i}`)).toMatchObject({ kind: 'sent' });
    expect(fake.received).toHaveLength(20);
    expect(fake.connectionsOpened()).toBe(1);
  });

  test('When 30 sends go out together on a client of 10 sockets, then at most 10 connections exist and the rest wait for one', async () => {
    fake.setDefault({ kind: 'delay', ms: 20 });
    const client = createFonnteClient({ apiUrl: fake.url, token: 'test-token', timeoutMs: 5000, maxSockets: 10 });
    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, i) => client.send('6281200000002', `pesan ${i}`)));
    expect(outcomes.every((o) => o.kind === 'sent')).toBe(true);
    expect(fake.peakInFlight()).toBeLessThanOrEqual(10);
    expect(fake.connectionsOpened()).toBeLessThanOrEqual(10);
    // And they are kept: another round opens none.
    const before = fake.connectionsOpened();
    await Promise.all(Array.from({ length: 10 }, (_, i) => client.send('6281200000002', `lagi ${i}`)));
    expect(fake.connectionsOpened()).toBe(before);
  });
});
