import type { Executor } from '../../db/create-db';
import { watchWrites, type TableWrite } from '../../db/write-watch';
import type { DuplicateCandidate } from './follower.model';
import { CANDIDATES, listFollowerPhones, listOpenPlaceTickets } from './duplicate-candidate.repository';
import { findFollower, listDuplicateCandidates } from './follower.repository';
import { listActiveTechnicianNames } from '../assignments/assignment.repository';

/**
 * More open tickets at places within the window than this, and a batch's lookups read place by
 * place as a lone one does: the shared read is for a campus's few hundred open tickets, not a backlog.
 */
const SHARED_LIMIT = 2000;

/** Tables whose change may change the candidates: their rows, their merges, their place and category names. */
const READS = new Set(['tickets', 'ticket_merges', 'places', 'categories']);
/** Tables the facts of an offer (followers, technicians) are read from. */
const FACTS = new Set(['ticket_followers', 'assignments', 'staff']);

/** Every place's candidates since `since`, newest first, as the batch's shared read found them. */
interface Shared {
  since: number;
  /** Null while the read runs. */
  byPlace: Map<number, DuplicateCandidate[]> | null;
  /** The ids of every ticket in byPlace. */
  ids: Set<number>;
  /** Places this transaction filed a ticket at since the read began: read afresh. */
  stale: Set<number>;
  /** Something else that candidates show changed since the read began: read all afresh. */
  dropped: boolean;
  /** Who follows the shared candidates and who works on them, read at the batch's first offer. */
  facts: Facts | null;
}

interface Facts {
  followers: Map<number, Set<string>> | null;
  technicians: Map<number, string[]> | null;
  /** Assignments or staff changed since the read began: read afresh. */
  dropped: boolean;
}

interface Lookups {
  count: number;
  shared: Shared | null;
  /** The shared read found more than SHARED_LIMIT: place by place for the rest of the transaction. */
  tooMany: boolean;
}

const lookups = new WeakMap<Executor, Lookups>();

/**
 * The place's open, unmerged tickets since `since`, newest first, at most 20: what
 * listDuplicateCandidates reads, and the same answer. The chat processor runs a batch of up to 50
 * messages in one transaction, and a statement per #request was most of what recognising places
 * cost the batch (the `places` bench): from the second lookup of a transaction on, every place's
 * open tickets are read once and each lookup picks its place's from memory.
 *
 * Kept true to what a read would find within the transaction: a ticket this transaction files at
 * a place sends that place's next lookup to the database; any other change it makes to tickets,
 * merges, places or categories drops the shared read (write-watch.ts sees every statement). What
 * other transactions commit meanwhile is seen from the next batch on, as their uncommitted tickets
 * already were. A lone lookup, and one outside inTransaction, reads its place as before.
 */
export async function duplicateCandidatesAt(ex: Executor, placeId: number, since: number): Promise<DuplicateCandidate[]> {
  const l = lookupsOf(ex);
  if (!l) return listDuplicateCandidates(ex, placeId, since);
  l.count++;
  if (!l.shared && l.count > 1 && !l.tooMany) await readShared(ex, l, since);
  const shared = l.shared;
  if (!shared?.byPlace || since < shared.since || shared.stale.has(placeId)) return listDuplicateCandidates(ex, placeId, since);
  const found: DuplicateCandidate[] = [];
  for (const c of shared.byPlace.get(placeId) ?? []) {
    if (c.ticket.createdAt < since || found.length === CANDIDATES) break;
    found.push(c);
  }
  return found;
}

function lookupsOf(ex: Executor): Lookups | undefined {
  const l = lookups.get(ex);
  if (l) return l;
  const fresh: Lookups = { count: 0, shared: null, tooMany: false };
  if (!watchWrites(ex, (w) => forget(fresh, w))) return undefined;
  lookups.set(ex, fresh);
  return fresh;
}

async function readShared(ex: Executor, l: Lookups, since: number): Promise<void> {
  // Writes seen while the read runs mark it as they would a finished one: a ticket kept back until the
  // next statement (transaction.ts `defer`) is written before the read, and is then only read twice.
  const shared: Shared = { since, byPlace: null, ids: new Set(), stale: new Set(), dropped: false, facts: null };
  l.shared = shared;
  let rows: DuplicateCandidate[];
  try {
    rows = await listOpenPlaceTickets(ex, since, SHARED_LIMIT + 1);
  } finally {
    l.shared = null;
  }
  if (shared.dropped) return;
  if (rows.length > SHARED_LIMIT) {
    l.tooMany = true;
    return;
  }
  const byPlace = new Map<number, DuplicateCandidate[]>();
  for (const c of rows) {
    shared.ids.add(c.ticket.id);
    const placeId = c.ticket.placeId!;
    const list = byPlace.get(placeId);
    if (list) list.push(c);
    else byPlace.set(placeId, [c]);
  }
  // The order of the place's own read: its (place_id, created_at) index backwards.
  for (const list of byPlace.values()) list.sort((a, b) => b.ticket.createdAt - a.ticket.createdAt || b.ticket.id - a.ticket.id);
  shared.byPlace = byPlace;
  l.shared = shared;
}

/**
 * The caller is about to file a ticket at `placeId` in this transaction: the place's next lookup
 * reads afresh. Said before the write because a new ticket's row may be kept back until the
 * transaction's next statement (transaction.ts `defer`), where no write is seen yet.
 */
export function expectTicketAt(ex: Executor, placeId: number | null): void {
  if (placeId !== null) lookups.get(ex)?.shared?.stale.add(placeId);
}

/** What a write of this transaction makes stale. */
function forget(l: Lookups, w: TableWrite): void {
  if (!l.shared) return;
  if (w.table === null || FACTS.has(w.table)) forgetFacts(l.shared, w);
  if (w.table !== null && !READS.has(w.table)) return;
  // A new ticket changes its own place's candidates only; one without a place is nobody's candidate.
  if (w.table === 'tickets' && w.rows) {
    for (const r of w.rows) if (r.place_id !== undefined && r.place_id !== null) l.shared.stale.add(Number(r.place_id));
    return;
  }
  l.shared.dropped = true;
  l.shared = null;
}

/** A new follower (#ikut) joins the facts; any other change to followers, assignments or staff drops them. */
function forgetFacts(shared: Shared, w: TableWrite): void {
  const facts = shared.facts;
  if (!facts) return;
  if (w.table === 'ticket_followers' && w.rows && facts.followers) {
    for (const r of w.rows) {
      const id = Number(r.ticket_id);
      facts.followers.set(id, (facts.followers.get(id) ?? new Set()).add(String(r.phone)));
    }
    return;
  }
  facts.dropped = true;
  shared.facts = null;
}

/** Facts of shared candidate `ticketId`, read for every shared candidate at the first need; undefined: not one of them. */
async function factsOf(ex: Executor, ticketId: number): Promise<Facts | undefined> {
  const shared = lookups.get(ex)?.shared;
  if (!shared?.byPlace || !shared.ids.has(ticketId)) return undefined;
  if (shared.facts) return shared.facts;
  const facts: Facts = { followers: null, technicians: null, dropped: false };
  shared.facts = facts;
  const ids = [...shared.ids];
  try {
    facts.followers = await listFollowerPhones(ex, ids);
    facts.technicians = await listActiveTechnicianNames(ex, ids);
  } catch (err) {
    if (shared.facts === facts) shared.facts = null;
    throw err;
  }
  return facts.dropped ? undefined : facts;
}

/** Whether `phone` follows the open ticket `ticketId`: from the batch's facts when it is a shared candidate. */
export async function followsCandidate(ex: Executor, ticketId: number, phone: string): Promise<boolean> {
  const facts = await factsOf(ex, ticketId);
  if (!facts) return (await findFollower(ex, ticketId, phone)) !== undefined;
  return facts.followers!.get(ticketId)?.has(phone) ?? false;
}

/** Who works on the open ticket `ticketId` (active assignments, oldest first): from the batch's facts when it is a shared candidate. */
export async function techniciansOfCandidate(ex: Executor, ticketId: number): Promise<string[]> {
  const facts = await factsOf(ex, ticketId);
  if (!facts) return (await listActiveTechnicianNames(ex, [ticketId])).get(ticketId) ?? [];
  return facts.technicians!.get(ticketId) ?? [];
}
