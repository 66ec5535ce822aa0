import type { Actor, Unit } from '../../db/unit-of-work';
import { listAssignmentsOfTicket } from '../assignments/assignment.repository';
import type { TicketStatus } from './ticket.model';
import { isReopening, outcomeOf, type Facts, type MoveName } from './ticket-moves';
import { insertTicketEvent, updateTicketStatus } from './ticket.repository';

/** The steps every move of ticket-lifecycle.ts is made of: the status shift, the history entry, the facts. */

type Moved = { from: TicketStatus; to: TicketStatus } | null;
type Author = { kind: 'staff'; id: string; name: string } | { kind: 'reporter'; name: string } | { kind: 'system' };

export const noFacts: Facts = { activeAssignments: 0, finishedAssignments: 0 };
export const staff = (a: Actor): Author => ({ kind: 'staff', id: a.id, name: a.name });

/** The time stamps a status brings: finished, closed, or both cleared when work starts again. */
function stampsOf(from: TicketStatus, to: TicketStatus, now: number) {
  if (to === 'selesai') return { finishedAt: now };
  if (to === 'ditutup') return { closedAt: now };
  if (isReopening(from, to)) return { finishedAt: null, closedAt: null };
  return {};
}

/** Applies the move's outcome, if one applies, unless someone moved the ticket away from `from` first. */
export async function shift(u: Unit, ticketId: number, move: MoveName, from: TicketStatus, facts: Facts, now: number): Promise<Moved> {
  const to = outcomeOf(move, from, facts);
  if (to === null) return null;
  const done = await updateTicketStatus(u.trx, ticketId, from, { status: to, now, ...stampsOf(from, to, now) });
  return done ? { from, to } : null;
}

export function record(u: Unit, ticketId: number, kind: string, note: string, moved: Moved, by: Author, now: number): Promise<number> {
  return insertTicketEvent(u.trx, {
    ticketId,
    kind,
    note,
    statusFrom: moved?.from ?? null,
    statusTo: moved?.to ?? null,
    actorKind: by.kind,
    actorId: by.kind === 'staff' ? by.id : null,
    actorName: by.kind === 'system' ? null : by.name,
    now,
  });
}

export async function activeAssignments(u: Unit, ticketId: number) {
  return (await listAssignmentsOfTicket(u.trx, ticketId)).filter((a) => a.status === 'active');
}

export async function factsOf(u: Unit, ticketId: number): Promise<Facts> {
  const active = await activeAssignments(u, ticketId);
  return { activeAssignments: active.length, finishedAssignments: active.filter((a) => a.finishedAt !== null).length };
}
