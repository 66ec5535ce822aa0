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
  const rows = await ex.selectFrom('places').select(['id', 'kind', 'code', 'name', 'parent_id', 'active']).orderBy('code').execute();
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    code: r.code,
    name: r.name,
    parentId: r.parent_id === null ? null : Number(r.parent_id),
    active: Number(r.active) === 1,
  }));
}
