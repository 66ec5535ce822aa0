import type { Executor } from '../../db/create-db';

/** A place as the repeat-fault views need it: enough to walk up to its building. */
export interface PlaceNode {
  id: number;
  kind: 'building' | 'floor' | 'room';
  code: string;
  name: string;
  parentId: number | null;
}

/** A ticket with a place and a category, created in the period. */
export interface FaultTicket {
  trackingNo: string;
  placeId: number;
  categoryId: number;
  categoryName: string;
  status: string;
  createdAt: number;
  finishedAt: number | null;
}

/** A place × category pair already told to the desk. */
export interface FaultFlag {
  placeId: number;
  categoryId: number;
}

/** Every place, active or not: an old ticket may name a retired room. */
export async function listPlaceNodes(ex: Executor): Promise<PlaceNode[]> {
  const rows = await ex.selectFrom('places').select(['id', 'kind', 'code', 'name', 'parent_id']).orderBy('code').execute();
  return rows.map((r) => ({
    id: Number(r.id),
    kind: r.kind,
    code: r.code,
    name: r.name,
    parentId: r.parent_id === null ? null : Number(r.parent_id),
  }));
}

/**
 * The tickets with a place and a category created in [from, to), read through the
 * `(place_id, created_at)` index. Tickets without a category are not a repeat of anything.
 */
export async function listFaultTickets(ex: Executor, period: { from: number; to: number }): Promise<FaultTicket[]> {
  const rows = await ex
    .selectFrom('tickets as t')
    .innerJoin('categories as c', 'c.id', 't.category_id')
    .select(['t.tracking_no', 't.place_id', 't.category_id', 'c.name as category_name', 't.status', 't.created_at', 't.finished_at'])
    .where('t.place_id', 'is not', null)
    .where('t.created_at', '>=', period.from)
    .where('t.created_at', '<', period.to)
    .orderBy('t.created_at')
    .orderBy('t.id')
    .execute();
  return rows.map((r) => ({
    trackingNo: r.tracking_no,
    placeId: Number(r.place_id),
    categoryId: Number(r.category_id),
    categoryName: r.category_name,
    status: r.status,
    createdAt: Number(r.created_at),
    finishedAt: r.finished_at === null ? null : Number(r.finished_at),
  }));
}

export async function listFaultFlags(ex: Executor): Promise<FaultFlag[]> {
  const rows = await ex.selectFrom('place_fault_flags').select(['place_id', 'category_id']).execute();
  return rows.map((r) => ({ placeId: Number(r.place_id), categoryId: Number(r.category_id) }));
}

/** Inserts the flag; throws a unique violation when another worker flagged the pair first. */
export async function insertFaultFlag(ex: Executor, flag: FaultFlag & { count: number; now: number }): Promise<void> {
  await ex
    .insertInto('place_fault_flags')
    .values({ place_id: flag.placeId, category_id: flag.categoryId, flagged_at: flag.now, fault_count: flag.count })
    .execute();
}

export async function deleteFaultFlag(ex: Executor, flag: FaultFlag): Promise<void> {
  await ex.deleteFrom('place_fault_flags').where('place_id', '=', flag.placeId).where('category_id', '=', flag.categoryId).execute();
}
