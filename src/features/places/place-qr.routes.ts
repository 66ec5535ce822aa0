import { Router } from 'express';
import { z } from 'zod';
import type { ApiDeps } from '../../http/api-deps';
import { requireLevel } from '../../http/auth.middleware';
import { openApiRegistry } from '../../http/openapi';
import { errorResponses, jsonResponse, signedIn } from '../../http/openapi-responses';
import { qrPng, qrSvg } from './place-qr';
import { qrSheet, roomQrLink, type SheetSelection } from './place-qr.service';

const roomIdParams = z.object({ id: z.coerce.number().int().positive() });

const idList = z
  .string()
  .regex(/^\d+(,\d+)*$/, 'comma-separated place ids')
  .transform((s) => s.split(',').map(Number))
  .pipe(z.array(z.number().int().positive()).min(1).max(200));

const sheetQuery = z
  .object({
    building: z.coerce.number().int().positive().optional().openapi({ description: 'Every active room in this building' }),
    rooms: idList.optional().openapi({ description: 'These rooms, in this order: 1,2,3', type: 'string' }),
  })
  .refine((q) => (q.building === undefined) !== (q.rooms === undefined), { message: 'give building or rooms, not both' });

const cardSchema = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  path: z.string().openapi({ description: 'Building / floor names above the room' }),
  link: z.string().openapi({ example: 'https://wa.me/6281100000000?text=%23request%20%5BR-3.2%5D%20' }),
  svg: z.string().openapi({ description: 'The QR code of the link as an SVG document' }),
});
const sheetSchema = z.object({ number: z.string(), cards: z.array(cardSchema) });

const common = { tags: ['places'], security: signedIn, description: 'Administrator and Staf.' };
const noNumber = {
  409: {
    ...errorResponses(409)[409],
    description: 'CONFLICT: details.reason NO_DEVICE_NUMBER when FONNTE_DEVICE (the campus WhatsApp number) is not set',
  },
};
const failures = { ...errorResponses(400, 401, 403, 404), ...noNumber };
for (const [ext, type, schema] of [
  ['svg', 'image/svg+xml', { type: 'string' }],
  ['png', 'image/png', { type: 'string', format: 'binary' }],
] as const) {
  openApiRegistry.registerPath({
    ...common,
    method: 'get',
    path: `/api/places/{id}/qr.${ext}`,
    summary: `A room's QR code (${ext.toUpperCase()}): WhatsApp to the campus number with "#request [code] " typed`,
    request: { params: roomIdParams },
    responses: { 200: { description: 'The QR code', content: { [type]: { schema } } }, ...failures },
  });
}
openApiRegistry.registerPath({
  ...common,
  method: 'get',
  path: '/api/places/qr-sheet',
  summary: "The cards of a printable QR sheet: a building's active rooms, or the rooms named",
  request: { query: sheetQuery },
  responses: { 200: jsonResponse('The cards', sheetSchema), ...failures },
});

/** Room QR codes: /api/places/:id/qr.svg|png and /api/places/qr-sheet. */
export function placeQrRouter(deps: ApiDeps): Router {
  const r = Router();
  const desk = requireLevel('Administrator', 'Staf');

  r.get('/places/qr-sheet', desk, async (req, res) => {
    const q = sheetQuery.parse(req.query);
    const selection: SheetSelection = q.rooms ? { rooms: q.rooms } : { building: q.building! };
    res.json(await qrSheet(deps.db.kysely, deps.config, selection));
  });

  r.get('/places/:id/qr.svg', desk, async (req, res) => {
    const { id } = roomIdParams.parse(req.params);
    const svg = await qrSvg(await roomQrLink(deps.db.kysely, deps.config, id));
    res.type('image/svg+xml').set('Cache-Control', 'no-store').send(svg);
  });

  r.get('/places/:id/qr.png', desk, async (req, res) => {
    const { id } = roomIdParams.parse(req.params);
    const png = await qrPng(await roomQrLink(deps.db.kysely, deps.config, id));
    res.type('image/png').set('Cache-Control', 'no-store').send(png);
  });

  return r;
}
