import type { PlaceWithPath } from './place.model';
import type { PlaceView } from './place.schema';

/** The public shape of a place, field by field. */
export function presentPlace(p: PlaceWithPath): PlaceView {
  return { id: p.id, kind: p.kind, code: p.code, name: p.name, parentId: p.parentId, aliases: p.aliases, active: p.active, path: p.path };
}
