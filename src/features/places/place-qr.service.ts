import type { Config } from '../../config';
import type { Executor } from '../../db/create-db';
import { AppError, conflict, notFound } from '../../errors';
import { qrSvg, roomRequestLink } from './place-qr';
import { allQrPlaces, findQrPlace, type QrPlace } from './place-qr.repository';

export interface QrCard {
  id: number;
  code: string;
  name: string;
  /** "Gedung A / Lantai 3": where the room is, for whoever sticks the card on the door. */
  path: string;
  link: string;
  svg: string;
}

export type SheetSelection = { building: number } | { rooms: number[] };

/** The campus number the links open; without it a sticker would lead nowhere. */
function campusNumber(config: Config): string {
  const number = config.fonnte.device;
  if (!number) throw conflict('FONNTE_DEVICE is not set: a QR code needs the campus WhatsApp number', { reason: 'NO_DEVICE_NUMBER' });
  return number;
}

function requireRoom(place: QrPlace | undefined, id: number): QrPlace {
  if (!place) throw notFound('place');
  if (place.kind !== 'room') throw new AppError('VALIDATION_FAILED', `place ${id} is a ${place.kind}, not a room`, { field: 'id' });
  return place;
}

/** The building and floor names above a place, outermost first (a cycle cannot loop: each place is visited once). */
function ancestors(places: Map<number, QrPlace>, place: QrPlace): QrPlace[] {
  const chain: QrPlace[] = [];
  const seen = new Set([place.id]);
  for (let p = place.parentId === null ? undefined : places.get(place.parentId); p && !seen.has(p.id);) {
    seen.add(p.id);
    chain.unshift(p);
    p = p.parentId === null ? undefined : places.get(p.parentId);
  }
  return chain;
}

/** The link a room's QR code holds. */
export async function roomQrLink(ex: Executor, config: Config, id: number): Promise<string> {
  const number = campusNumber(config);
  return roomRequestLink(number, requireRoom(await findQrPlace(ex, id), id).code);
}

/** The cards of a printable sheet: a building's active rooms by code, or the rooms asked for in their order. */
export async function qrSheet(ex: Executor, config: Config, selection: SheetSelection): Promise<{ number: string; cards: QrCard[] }> {
  const number = campusNumber(config);
  const all = await allQrPlaces(ex);
  const places = new Map(all.map((p) => [p.id, p]));
  let rooms: QrPlace[];
  if ('building' in selection) {
    const building = places.get(selection.building);
    if (!building) throw notFound('building');
    if (building.kind !== 'building')
      throw new AppError('VALIDATION_FAILED', `place ${building.id} is not a building`, { field: 'building' });
    rooms = all.filter((p) => p.kind === 'room' && p.active && ancestors(places, p).some((a) => a.id === building.id));
  } else {
    rooms = [...new Set(selection.rooms)].map((id) => requireRoom(places.get(id), id));
  }
  const cards = await Promise.all(
    rooms.map(async (room) => {
      const link = roomRequestLink(number, room.code);
      const path = ancestors(places, room)
        .map((a) => a.name)
        .join(' / ');
      return { id: room.id, code: room.code, name: room.name, path, link, svg: await qrSvg(link) };
    }),
  );
  return { number, cards };
}
