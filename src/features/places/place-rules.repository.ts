import type { Executor } from '../../db/create-db';
import type { PlaceRule } from './recognize-place';

/** The active places as recognition rules, in one query (indexed and kept by place-rules.service.ts). */
export async function listPlaceRules(ex: Executor): Promise<PlaceRule[]> {
  const rows = await ex
    .selectFrom('places')
    .select(['id', 'kind', 'code', 'name', 'parent_id', 'aliases'])
    .where('active', '=', 1)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    code: r.code,
    name: r.name,
    parentId: r.parent_id,
    aliases: r.aliases
      .split('\n')
      .map((a) => a.trim())
      .filter((a) => a !== ''),
  }));
}

/**
 * What changes whenever any place is added, edited or deactivated: the count, the highest id, the
 * latest and the sum of the edit times (a sum, so an older row edited to an earlier time still shows),
 * the length of the aliases and the number active — the last two also for a direct UPDATE that left
 * the edit time alone.
 */
export async function placesFingerprint(ex: Executor): Promise<string> {
  const r = await ex
    .selectFrom('places')
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.max('id').as('maxId'),
      eb.fn.max('updated_at').as('at'),
      eb.fn.sum<string | number>('updated_at').as('total'),
      eb.fn.sum<string | number>(eb.fn('length', ['aliases'])).as('aliasChars'),
      eb.fn.sum<string | number>('active').as('active'),
    ])
    .executeTakeFirstOrThrow();
  return `${r.n}:${r.maxId}:${r.at}:${r.total}:${r.aliasChars}:${r.active}`;
}
