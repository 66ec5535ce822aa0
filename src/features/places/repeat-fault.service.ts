import type { Executor } from '../../db/create-db';
import { listFaultTickets, listPlaceNodes, type FaultTicket, type PlaceNode } from './repeat-fault.repository';

const HOUR_MS = 3_600_000;
const OPEN = new Set(['baru', 'proses', 'pending']);

export interface Period {
  /** Inclusive, epoch ms. */
  from: number;
  /** Exclusive, epoch ms. */
  to: number;
}

/** One place × category in the period. */
export interface RepeatFaultRow {
  placeId: number;
  placeCode: string;
  /** Building › floor › room names, outermost first. */
  placePath: string;
  categoryId: number;
  categoryName: string;
  count: number;
  open: number;
  /** Mean wall-clock hours from report to finish of the finished ones, one decimal; null when none finished. */
  meanFinishHours: number | null;
  repeat: boolean;
  trackingNos: string[];
}

/** The period the views default to: the last REPEAT_FAULT_DAYS days up to now. */
export const defaultPeriod = (now: number, days: number): Period => ({ from: now - days * 24 * HOUR_MS, to: now + 1 });

const byId = (places: PlaceNode[]) => new Map(places.map((p) => [p.id, p]));

/** The place and its ancestors, outermost first; a cycle (which the tree forbids) stops the walk. */
function lineage(id: number, places: Map<number, PlaceNode>): PlaceNode[] {
  const out: PlaceNode[] = [];
  for (let p = places.get(id); p && !out.includes(p); p = p.parentId === null ? undefined : places.get(p.parentId)) out.unshift(p);
  return out;
}

function summarise(tickets: FaultTicket[]) {
  const finished = tickets.filter((t) => t.finishedAt !== null);
  const mean = finished.length ? finished.reduce((s, t) => s + (t.finishedAt! - t.createdAt), 0) / finished.length / HOUR_MS : null;
  return {
    count: tickets.length,
    open: tickets.filter((t) => OPEN.has(t.status)).length,
    meanFinishHours: mean === null ? null : Math.round(mean * 10) / 10,
    trackingNos: tickets.map((t) => t.trackingNo),
  };
}

/**
 * Places by fault count: one row per place × category with a ticket in the period, most
 * tickets first; `building` keeps the places inside that building (the building itself included).
 */
export async function listRepeatFaults(
  ex: Executor,
  q: { period: Period; threshold: number; building?: number },
): Promise<RepeatFaultRow[]> {
  const [places, tickets] = await Promise.all([listPlaceNodes(ex), listFaultTickets(ex, q.period)]);
  const tree = byId(places);
  const groups = new Map<string, FaultTicket[]>();
  for (const t of tickets) {
    const key = `${t.placeId}:${t.categoryId}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const rows: RepeatFaultRow[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    const path = lineage(first.placeId, tree);
    if (q.building !== undefined && path[0]?.id !== q.building) continue;
    const s = summarise(group);
    rows.push({
      placeId: first.placeId,
      placeCode: tree.get(first.placeId)?.code ?? '',
      placePath: path.map((p) => p.name).join(' › '),
      categoryId: first.categoryId,
      categoryName: first.categoryName,
      ...s,
      repeat: s.count >= q.threshold,
    });
  }
  return rows.sort((a, b) => b.count - a.count || a.placePath.localeCompare(b.placePath) || a.categoryName.localeCompare(b.categoryName));
}

interface PlaceCount {
  id: number;
  code: string;
  name: string;
  count: number;
}

/** A building's tickets rolled up: each floor counts its own and its rooms' tickets. */
export interface BuildingFaults {
  building: PlaceCount;
  floors: Array<PlaceCount & { rooms: PlaceCount[] }>;
  /** Rooms hung directly under the building, without a floor. */
  rooms: PlaceCount[];
}

/** Per floor and room counts of one building in the period; undefined when it is no building. */
export async function buildingFaults(ex: Executor, q: { period: Period; building: number }): Promise<BuildingFaults | undefined> {
  const [places, tickets] = await Promise.all([listPlaceNodes(ex), listFaultTickets(ex, q.period)]);
  const tree = byId(places);
  const building = tree.get(q.building);
  if (!building || building.kind !== 'building') return undefined;
  const own = new Map<number, number>();
  for (const t of tickets) own.set(t.placeId, (own.get(t.placeId) ?? 0) + 1);
  const countOf = (p: PlaceNode): PlaceCount => ({ id: p.id, code: p.code, name: p.name, count: own.get(p.id) ?? 0 });
  const childrenOf = (id: number) => places.filter((p) => p.parentId === id);
  const floors = childrenOf(building.id)
    .filter((p) => p.kind === 'floor')
    .map((f) => {
      const rooms = childrenOf(f.id).map(countOf);
      return { ...countOf(f), count: (own.get(f.id) ?? 0) + rooms.reduce((s, r) => s + r.count, 0), rooms };
    });
  const rooms = childrenOf(building.id)
    .filter((p) => p.kind === 'room')
    .map(countOf);
  const total = (own.get(building.id) ?? 0) + floors.reduce((s, f) => s + f.count, 0) + rooms.reduce((s, r) => s + r.count, 0);
  return { building: { ...countOf(building), count: total }, floors, rooms };
}
