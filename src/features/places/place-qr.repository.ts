import type { Executor } from '../../db/create-db';
import type { PlaceKind } from '../../db/database';

/** A place as a QR card needs it: its own fields and the chain up to its building. */
export interface QrPlace {
  id: number;
  kind: PlaceKind;
  code: string;
  name: string;
  parentId: number | null;
  active: boolean;
}

/**
 * Every place, once: a campus has hundreds, not millions, and a sheet needs each room's building and
 * floor, which one read and a map give without a recursive query that differs between the dialects.
 */
export async function allQrPlaces(ex: Executor): Promise<QrPlace[]> {
  return (await selectPlaces(ex).orderBy('code').execute()).map(toQrPlace);
}

/** One place, for a single room's code. */
export async function findQrPlace(ex: Executor, id: number): Promise<QrPlace | undefined> {
  const row = await selectPlaces(ex).where('id', '=', id).executeTakeFirst();
  return row && toQrPlace(row);
}

const selectPlaces = (ex: Executor) => ex.selectFrom('places').select(['id', 'kind', 'code', 'name', 'parent_id', 'active']);

function toQrPlace(r: { id: number; kind: PlaceKind; code: string; name: string; parent_id: number | null; active: number }): QrPlace {
  return {
    id: Number(r.id),
    kind: r.kind,
    code: r.code,
    name: r.name,
    parentId: r.parent_id === null ? null : Number(r.parent_id),
    active: Number(r.active) === 1,
  };
}
