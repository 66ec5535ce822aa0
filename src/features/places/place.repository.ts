import type { Selectable, Transaction } from 'kysely';
import type { Executor } from '../../db/create-db';
import type { Database } from '../../db/database';
import type { Place, PlaceKind } from './place.model';

type PlaceRow = Selectable<Database['places']>;

/** Aliases are one column, one per line: an alias never holds a line break (the schema trims them away). */
const splitAliases = (s: string): string[] =>
  s
    .split('\n')
    .map((a) => a.trim())
    .filter((a) => a !== '');

const toPlace = (r: PlaceRow): Place => ({
  id: r.id,
  kind: r.kind,
  code: r.code,
  name: r.name,
  parentId: r.parent_id === null ? null : Number(r.parent_id),
  aliases: splitAliases(r.aliases),
  active: Number(r.active) === 1,
});

/** Every place (a campus has a few thousand), or only the active or inactive ones, in code order. */
export async function listPlaces(ex: Executor, filter: { active?: boolean } = {}): Promise<Place[]> {
  let q = ex.selectFrom('places').selectAll();
  if (filter.active !== undefined) q = q.where('active', '=', filter.active ? 1 : 0);
  const rows = await q.orderBy('code').orderBy('id').execute();
  return rows.map(toPlace);
}

export async function findPlaceById(ex: Executor, id: number): Promise<Place | null> {
  const r = await ex.selectFrom('places').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toPlace(r) : null;
}

export async function findPlaceByCode(ex: Executor, code: string): Promise<Place | null> {
  const r = await ex.selectFrom('places').selectAll().where('code', '=', code).executeTakeFirst();
  return r ? toPlace(r) : null;
}

export interface PlaceFields {
  kind: PlaceKind;
  code: string;
  name: string;
  parentId: number | null;
  aliases: string[];
  active: boolean;
}

const toColumns = (f: Partial<PlaceFields>) => ({
  ...(f.kind !== undefined && { kind: f.kind }),
  ...(f.code !== undefined && { code: f.code }),
  ...(f.name !== undefined && { name: f.name }),
  ...(f.parentId !== undefined && { parent_id: f.parentId }),
  ...(f.aliases !== undefined && { aliases: f.aliases.join('\n') }),
  ...(f.active !== undefined && { active: f.active ? 1 : 0 }),
});

/** Inserts a place and returns its id (no RETURNING: MySQL lacks it). */
export async function insertPlace(trx: Transaction<Database>, f: PlaceFields, now: number): Promise<number> {
  await trx
    .insertInto('places')
    .values({
      kind: f.kind,
      code: f.code,
      name: f.name,
      parent_id: f.parentId,
      aliases: f.aliases.join('\n'),
      active: f.active ? 1 : 0,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return (await findPlaceByCode(trx, f.code))!.id;
}

export async function updatePlaceRow(trx: Transaction<Database>, id: number, f: Partial<PlaceFields>, now: number): Promise<void> {
  await trx
    .updateTable('places')
    .set({ ...toColumns(f), updated_at: now })
    .where('id', '=', id)
    .execute();
}
