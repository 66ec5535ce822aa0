import type { Actor, Unit } from '../../db/unit-of-work';
import { conflict } from '../../errors';
import * as notify from '../notifications/notification.service';
import type { Ticket } from './ticket.model';
import { factsOf, noFacts, record, shift, staff } from './ticket-move-steps';
import { refuseIfMerged } from './ticket-merge-moves';
import { allows } from './ticket-moves';
import { findTicketById, lockTicket, markFirstAssigned, markFirstStarted } from './ticket.repository';
import * as history from '../texts/history.texts';
import { settleClocks } from '../sla/sla-clock.service';

/**
 * The moves of the lifecycle (ticket-lifecycle.ts) that an assignment makes: a technician put on or
 * taken off a ticket, starting, reporting progress and finishing. Each takes the assignment's own
 * step as a callback, run after the move's guard and the ticket's row lock.
 */

/** The technician an assignment puts on (or takes off) a ticket. */
type OnTicket = { staffName: string; staffPhone: string | null };

/** `assign`: 409 unless the ticket is open and not merged into another; `putOn` inserts the assignment and returns it. */
export async function assign<A extends OnTicket>(
  u: Unit,
  a: { ticket: Ticket; note: string | null; by: Actor; now: number },
  putOn: () => Promise<A>,
): Promise<A> {
  const { ticket, now } = a;
  if (!allows('assign', ticket.status)) {
    throw conflict(`ticket is ${ticket.status}; reopen it before assigning`, { status: ticket.status });
  }
  await refuseIfMerged(u, ticket);
  await lockTicket(u.trx, ticket.id, now);
  const assignment = await putOn();
  const moved = await shift(u, ticket.id, 'assign', ticket.status, noFacts, now);
  await markFirstAssigned(u.trx, ticket.id, now);
  const note = history.assignedNote(assignment.staffName);
  await record(u, ticket.id, 'assigned', note, moved, staff(a.by), now);
  const technician = { name: assignment.staffName, phone: assignment.staffPhone };
  await notify.notifyAssigned(u, { ticket, technician, note: a.note, assignedBy: a.by.name, now });
  await settleClocks(u.trx, ticket.id, now);
  return assignment;
}

/**
 * `withdraw`: `takeOff` withdraws the assignment (or throws). Then the ticket waits for someone
 * else (nobody left) or is finished (everyone left already finished), by the table's outcomes.
 */
export async function withdraw<A extends OnTicket>(
  u: Unit,
  w: { ticket: Ticket; by: Actor; now: number },
  takeOff: () => Promise<A>,
): Promise<A> {
  const { ticket, now } = w;
  await lockTicket(u.trx, ticket.id, now);
  const gone = await takeOff();
  const current = (await findTicketById(u.trx, ticket.id))!;
  const moved = await shift(u, ticket.id, 'withdraw', current.status, await factsOf(u, ticket.id), now);
  const backToNew = moved?.to === 'baru';
  const everyoneFinished = moved?.to === 'selesai';
  await record(u, ticket.id, 'withdrawn', history.withdrawnNote(gone.staffName, backToNew), backToNew ? moved : null, staff(w.by), now);
  if (everyoneFinished) await record(u, ticket.id, 'finished', history.everyoneFinishedNote(), moved, staff(w.by), now);
  await notify.notifyWithdrawn(u, ticket, gone.staffPhone, now);
  if (everyoneFinished) await notify.notifyFinished(u, { ticket, technician: gone.staffName, note: null, allDone: true, now });
  await settleClocks(u.trx, ticket.id, now);
  return gone;
}

export type StartOutcome = 'started' | 'resumed' | 'already_started' | 'ticket_closed';

/**
 * `start`: `markStarted` is false when this technician had already started; on a `pending` job
 * their #start resumes it (back to `proses`, the clocks run again).
 */
export async function start(
  u: Unit,
  s: { ticket: Ticket; technician: Actor; note: string | null; now: number },
  markStarted: () => Promise<boolean>,
): Promise<StartOutcome> {
  const { ticket, now } = s;
  if (!allows('start', ticket.status)) return 'ticket_closed';
  const first = await markStarted();
  if (!first && ticket.status !== 'pending') return 'already_started';
  if (first) await markFirstStarted(u.trx, ticket.id, now);
  const moved = await shift(u, ticket.id, 'start', ticket.status, noFacts, now);
  if (first) {
    await record(u, ticket.id, 'started', history.startedNote(s.technician.name, s.note), moved, staff(s.technician), now);
    await notify.notifyWorkStarted(u, ticket, s.technician.name, s.note, now);
  } else {
    const note = history.resumedNote(s.technician.name);
    await record(u, ticket.id, 'resumed', note, moved, staff(s.technician), now);
    await notify.notifyStatusChanged(u, ticket, 'proses', note, now);
  }
  await settleClocks(u.trx, ticket.id, now);
  return first ? 'started' : 'resumed';
}

/** `report`: the history entry's id (for the photo that proves it), or null when the ticket is not open. */
export async function report(
  u: Unit,
  r: { ticket: Ticket; technician: Actor; text: string; withPhoto: boolean; now: number },
): Promise<number | null> {
  const { ticket, now } = r;
  if (!allows('report', ticket.status)) return null;
  const moved = await shift(u, ticket.id, 'report', ticket.status, noFacts, now);
  const note = history.progressNote(r.text, r.withPhoto);
  const eventId = await record(u, ticket.id, 'progress', note, moved, staff(r.technician), now);
  await notify.notifyProgress(u, ticket, r.technician.name, r.text, r.withPhoto, now);
  if (moved) await settleClocks(u.trx, ticket.id, now);
  return eventId;
}

export type FinishOutcome = 'finished_all' | 'finished_part' | 'already_finished' | 'ticket_closed';

/**
 * `finish`: `markFinished` is false when this technician had already finished. `prove` ties the
 * photo to the entry before the reporter is told.
 */
export async function finish(
  u: Unit,
  f: { ticket: Ticket; technician: Actor; note: string | null; withPhoto: boolean; now: number },
  markFinished: () => Promise<boolean>,
  prove: (eventId: number) => Promise<void>,
): Promise<FinishOutcome> {
  const { ticket, now } = f;
  if (!allows('finish', ticket.status)) return 'ticket_closed';
  await lockTicket(u.trx, ticket.id, now);
  if (!(await markFinished())) return 'already_finished';
  // A #finish without a #start started the work too.
  await markFirstStarted(u.trx, ticket.id, now);
  const moved = await shift(u, ticket.id, 'finish', ticket.status, await factsOf(u, ticket.id), now);
  const note = history.finishedNote(f.technician.name, f.note, f.withPhoto);
  await prove(await record(u, ticket.id, 'finished', note, moved, staff(f.technician), now));
  await notify.notifyFinished(u, { ticket, technician: f.technician.name, note: f.note, allDone: moved !== null, now });
  await settleClocks(u.trx, ticket.id, now);
  return moved ? 'finished_all' : 'finished_part';
}
