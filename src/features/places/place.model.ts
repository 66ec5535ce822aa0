import type { PlaceKind } from '../../db/database';

export type { PlaceKind };

export const PLACE_KINDS = ['building', 'floor', 'room'] as const satisfies readonly PlaceKind[];

/** A building, a floor or a room: one node of the campus tree. */
export interface Place {
  id: number;
  kind: PlaceKind;
  /** What people and QR codes write: `R-3.2` (upper case). */
  code: string;
  name: string;
  /** A room's floor or building, a floor's building; null for a building. */
  parentId: number | null;
  /** Other ways people name it ("kelas 3.2"). */
  aliases: string[];
  active: boolean;
}

/** Which kinds of parent each kind may have: a room sits on a floor or in a building, a floor in a building. */
export const ALLOWED_PARENTS: Record<PlaceKind, readonly PlaceKind[]> = {
  building: [],
  floor: ['building'],
  room: ['floor', 'building'],
};

/** A place with where it sits ("Gedung B › Lantai 2 › Ruang 3.2"), as the desk reads it. */
export interface PlaceWithPath extends Place {
  path: string;
}
