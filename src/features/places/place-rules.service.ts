import type { Executor } from '../../db/create-db';
import { oncePerTransaction } from '../../db/transaction-memo';
import { listPlaceRules, placesFingerprint } from './place-rules.repository';
import { indexPlaces, type PlaceIndex } from './recognize-place';

/**
 * The active places, indexed for recognition, read again only when they changed. Indexing 600 places
 * takes longer than a whole #request should (about 10 ms), so the index is kept and a small query asks
 * whether the places are still the ones it was made from: their count, highest id and edit times, which
 * every insert, edit and deactivation moves (places are never deleted), and the length of their aliases. That query runs on the caller's
 * own connection, so a place added by the desk in another process counts from its next ticket on.
 * Kept by fingerprint rather than by database because a process talks to one database; the few
 * entries allow the tests' several databases in one process.
 */
const indexes = new Map<string, PlaceIndex>();
const KEEP = 8;

export function activePlaceIndex(ex: Executor): Promise<PlaceIndex> {
  // Asked for each #request (and again by its duplicate lookup): in a batch, once.
  return oncePerTransaction(ex, 'placeIndex', () => currentIndex(ex));
}

async function currentIndex(ex: Executor): Promise<PlaceIndex> {
  const key = await placesFingerprint(ex);
  const known = indexes.get(key);
  if (known) return known;
  const index = indexPlaces(await listPlaceRules(ex));
  if (indexes.size >= KEEP) indexes.delete(indexes.keys().next().value!);
  indexes.set(key, index);
  return index;
}
