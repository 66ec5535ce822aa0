import type { Executor } from '../../db/create-db';
import type { PlaceRule } from './recognize-place';

/**
 * The active places as recognition rules, in one query. Uncached: a campus has a few hundred places at
 * most, a new ticket is rare next to that query's cost, and a cache would have to hear of the desk's edits.
 */
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
