import { randomUUID } from 'node:crypto';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type request from 'supertest';
import type { PlaceKind } from '../../src/db/database';
import { signedIn } from '../support/api-client';
import { DEVICE, startTestApp, type TestApp } from '../support/test-app';
import { describeEachDialect } from '../support/test-db';

const tag = () => randomUUID().slice(0, 6);

async function insertPlace(app: TestApp, kind: PlaceKind, code: string, name: string, parentId: number | null = null): Promise<number> {
  const now = app.clock.now();
  const row = await app.db.kysely
    .insertInto('places')
    .values({ kind, code, name, parent_id: parentId, aliases: '', active: 1, created_at: now, updated_at: now })
    .executeTakeFirstOrThrow();
  return Number(row.insertId);
}

/** Reads the QR code the way a phone camera would: from the pixels, not from our own encoder. */
function decodeQr(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

/** supertest buffers text only: an image body is collected as bytes. */
const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => done(null, Buffer.concat(chunks)));
};

describeEachDialect('/api/places/:id/qr and /api/places/qr-sheet', (dialect) => {
  let app: TestApp;
  let building: number;
  let floor: number;
  let room: number;
  let lobby: number;
  let otherRoom: number;

  beforeAll(async () => {
    app = await startTestApp(dialect);
    building = await insertPlace(app, 'building', 'GA', 'Gedung A');
    floor = await insertPlace(app, 'floor', 'GA-3', 'Lantai 3', building);
    room = await insertPlace(app, 'room', 'R-3.2', 'Ruang Rapat 3.2', floor);
    lobby = await insertPlace(app, 'room', 'GA-LOBI', 'Lobi', building);
    const other = await insertPlace(app, 'building', 'GB', 'Gedung B');
    otherRoom = await insertPlace(app, 'room', 'B-1.1', 'Ruang B 1.1', other);
  });
  afterAll(() => app.close());

  test('When Staf fetches a room QR as PNG, then a camera reads the WhatsApp link with the request typed', async () => {
    const staf = await signedIn(app, 'Staf');
    const res = await staf.get(`/api/places/${room}/qr.png`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(decodeQr(res.body as Buffer)).toBe('https://wa.me/6281100000000?text=%23request%20%5BR-3.2%5D%20');
  });

  test('When an Administrator fetches a room QR as SVG, then it is an SVG image', async () => {
    const admin = await signedIn(app, 'Administrator');
    const res = await admin.get(`/api/places/${room}/qr.svg`).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect((res.body as Buffer).toString('utf8')).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  });

  test('When the QR of a floor or a building is asked for, then 400; of no place, then 404', async () => {
    const admin = await signedIn(app, 'Administrator');
    await admin.get(`/api/places/${floor}/qr.png`).expect(400);
    await admin.get(`/api/places/${building}/qr.svg`).expect(400);
    await admin.get('/api/places/999999/qr.png').expect(404);
  });

  test('When the sheet for a building is asked for, then it lists its rooms only, under floors or not, with their path and link', async () => {
    const staf = await signedIn(app, 'Staf');
    const res = await staf.get(`/api/places/qr-sheet?building=${building}`).expect(200);
    expect(res.body.number).toBe(DEVICE);
    expect(res.body.cards.map((c: { id: number }) => c.id).sort()).toEqual([room, lobby].sort());
    const card = res.body.cards.find((c: { id: number }) => c.id === room);
    expect(card).toMatchObject({
      code: 'R-3.2',
      name: 'Ruang Rapat 3.2',
      path: 'Gedung A / Lantai 3',
      link: 'https://wa.me/6281100000000?text=%23request%20%5BR-3.2%5D%20',
    });
    expect(card.svg).toMatch(/^<svg /);
    expect(res.body.cards.find((c: { id: number }) => c.id === lobby).path).toBe('Gedung A');
  });

  test('When an inactive room is in the building, then its sheet leaves it out', async () => {
    const admin = await signedIn(app, 'Administrator');
    const closed = await insertPlace(app, 'room', `X-${tag()}`, 'Gudang lama', floor);
    await app.db.kysely.updateTable('places').set({ active: 0 }).where('id', '=', closed).execute();
    const res = await admin.get(`/api/places/qr-sheet?building=${building}`).expect(200);
    expect(res.body.cards.map((c: { id: number }) => c.id)).not.toContain(closed);
  });

  test('When the sheet names rooms, then it gives those rooms in that order; a floor among them is refused', async () => {
    const admin = await signedIn(app, 'Administrator');
    const res = await admin.get(`/api/places/qr-sheet?rooms=${otherRoom},${room}`).expect(200);
    expect(res.body.cards.map((c: { code: string }) => c.code)).toEqual(['B-1.1', 'R-3.2']);
    await admin.get(`/api/places/qr-sheet?rooms=${room},${floor}`).expect(400);
    await admin.get(`/api/places/qr-sheet?building=${floor}`).expect(400);
    await admin.get('/api/places/qr-sheet').expect(400);
    await admin.get(`/api/places/qr-sheet?building=${building}&rooms=${room}`).expect(400);
  });

  test('When a TBO asks for a QR code or a sheet, then 403', async () => {
    const tbo = await signedIn(app, 'TBO');
    await tbo.get(`/api/places/${room}/qr.png`).expect(403);
    await tbo.get(`/api/places/qr-sheet?building=${building}`).expect(403);
  });
});

describeEachDialect('room QR codes without FONNTE_DEVICE', (dialect) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(dialect, { FONNTE_DEVICE: '' });
  });
  afterAll(() => app.close());

  test('When no campus number is configured, then the QR routes answer 409 NO_DEVICE_NUMBER', async () => {
    const admin = await signedIn(app, 'Administrator');
    const now = app.clock.now();
    const row = await app.db.kysely
      .insertInto('places')
      .values({ kind: 'room', code: 'R-1.1', name: 'Ruang 1.1', parent_id: null, aliases: '', active: 1, created_at: now, updated_at: now })
      .executeTakeFirstOrThrow();
    const id = Number(row.insertId);
    for (const path of [`/api/places/${id}/qr.png`, `/api/places/${id}/qr.svg`, `/api/places/qr-sheet?rooms=${id}`]) {
      const res = await admin.get(path).expect(409);
      expect(res.body.error.details).toMatchObject({ reason: 'NO_DEVICE_NUMBER' });
    }
  });
});
