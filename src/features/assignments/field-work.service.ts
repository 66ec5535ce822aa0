import type { Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { queueMediaDownload } from '../media/media.repository';
import { unitOn } from '../../db/unit-of-work';
import * as lifecycle from '../tickets/ticket-lifecycle.work';
import type { Ticket } from '../tickets/ticket.model';
import { markAssignmentProgress } from './assignment.repository';
import type { Assignment } from './assignment.model';

/** What technicians do from the field, by chat: start, report, finish; and the reporter's "not yet". */

export interface Technician {
  id: string;
  name: string;
}

export interface Attachment {
  url: string;
  filename: string | null;
  inboundMessageId: number;
}

/** Queues the photo sent with a report for download, tied to the history entry it proves. */
async function attachProof(trx: Transaction<Database>, ticket: Ticket, eventId: number, photo: Attachment | null, now: number) {
  if (!photo) return;
  await queueMediaDownload(trx, {
    ticketId: ticket.id,
    ticketEventId: eventId,
    inboundMessageId: photo.inboundMessageId,
    sourceUrl: photo.url,
    originalFilename: photo.filename,
    now,
  });
}

type ReportOutcome = 'reported' | 'ticket_closed';

/** `#start`: the technician sets off (their start marked once); the ticket moves by the lifecycle. */
export function startWork(
  trx: Transaction<Database>,
  s: { ticket: Ticket; assignment: Assignment; technician: Technician; note: string | null; now: number },
): Promise<lifecycle.StartOutcome> {
  return lifecycle.start(unitOn(trx), s, () => markAssignmentProgress(trx, s.assignment.id, 'started_at', s.now));
}

/** A progress report, with the photo (if any) queued for download and tied to this entry. */
export async function reportProgress(
  trx: Transaction<Database>,
  r: { ticket: Ticket; technician: Technician; text: string; photo: Attachment | null; now: number },
): Promise<ReportOutcome> {
  const eventId = await lifecycle.report(unitOn(trx), { ...r, withPhoto: r.photo !== null });
  if (eventId === null) return 'ticket_closed';
  await attachProof(trx, r.ticket, eventId, r.photo, r.now);
  return 'reported';
}

/**
 * The technician's part is done (and started, if they never said so). When every active
 * assignment is finished the ticket becomes `selesai` and the reporter is asked to confirm.
 */
export function finishWork(
  trx: Transaction<Database>,
  f: { ticket: Ticket; assignment: Assignment; technician: Technician; note: string | null; photo: Attachment | null; now: number },
): Promise<lifecycle.FinishOutcome> {
  const markFinished = async () => {
    if (!(await markAssignmentProgress(trx, f.assignment.id, 'finished_at', f.now))) return false;
    if (f.assignment.startedAt === null) await markAssignmentProgress(trx, f.assignment.id, 'started_at', f.now);
    return true;
  };
  const prove = (eventId: number) => attachProof(trx, f.ticket, eventId, f.photo, f.now);
  return lifecycle.finish(unitOn(trx), { ...f, withPhoto: f.photo !== null }, markFinished, prove);
}
