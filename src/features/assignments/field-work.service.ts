import type { Transaction } from 'kysely';
import type { Database } from '../../db/database';
import { queueMediaDownload } from '../media/media.repository';
import { notifyFinished, notifyProgress, notifyReopened, notifyWorkStarted } from '../notifications/notification.service';
import type { Ticket } from '../tickets/ticket.model';
import { insertTicketEvent, lockTicket, updateTicketStatus } from '../tickets/ticket.repository';
import { listAssignmentsOfTicket, markAssignmentProgress, type Assignment } from './assignment.repository';

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

const openStatuses = new Set(['baru', 'proses', 'pending']);

async function moveToProses(trx: Transaction<Database>, ticket: Ticket, now: number): Promise<boolean> {
  if (ticket.status !== 'baru' && ticket.status !== 'pending') return false;
  return updateTicketStatus(trx, ticket.id, ticket.status, { status: 'proses', now });
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

export type StartOutcome = 'started' | 'already_started' | 'ticket_closed';

export async function startWork(
  trx: Transaction<Database>,
  s: { ticket: Ticket; assignment: Assignment; technician: Technician; note: string | null; now: number },
): Promise<StartOutcome> {
  if (!openStatuses.has(s.ticket.status)) return 'ticket_closed';
  if (!(await markAssignmentProgress(trx, s.assignment.id, 'started_at', s.now))) return 'already_started';
  const moved = await moveToProses(trx, s.ticket, s.now);
  await insertTicketEvent(trx, {
    ticketId: s.ticket.id,
    kind: 'started',
    note: `Petugas ${s.technician.name} mulai menangani${s.note ? `: ${s.note}` : '.'}`,
    statusFrom: moved ? s.ticket.status : null,
    statusTo: moved ? 'proses' : null,
    actorKind: 'staff',
    actorId: s.technician.id,
    actorName: s.technician.name,
    now: s.now,
  });
  await notifyWorkStarted(trx, s.ticket, s.technician.name, s.note, s.now);
  return 'started';
}

export type ReportOutcome = 'reported' | 'ticket_closed';

/** A progress report, with the photo (if any) queued for download and tied to this entry. */
export async function reportProgress(
  trx: Transaction<Database>,
  r: { ticket: Ticket; technician: Technician; text: string; photo: Attachment | null; now: number },
): Promise<ReportOutcome> {
  if (!openStatuses.has(r.ticket.status)) return 'ticket_closed';
  const moved = await moveToProses(trx, r.ticket, r.now);
  const eventId = await insertTicketEvent(trx, {
    ticketId: r.ticket.id,
    kind: 'progress',
    note: r.photo ? `${r.text} (foto terlampir)` : r.text,
    statusFrom: moved ? r.ticket.status : null,
    statusTo: moved ? 'proses' : null,
    actorKind: 'staff',
    actorId: r.technician.id,
    actorName: r.technician.name,
    now: r.now,
  });
  await attachProof(trx, r.ticket, eventId, r.photo, r.now);
  await notifyProgress(trx, r.ticket, r.technician.name, r.text, r.photo !== null, r.now);
  return 'reported';
}

export type FinishOutcome = 'finished_all' | 'finished_part' | 'already_finished' | 'ticket_closed';

/**
 * The technician's part is done. When every active assignment is finished the ticket
 * becomes `selesai` (time to finish recorded) and the reporter is asked to confirm.
 */
export async function finishWork(
  trx: Transaction<Database>,
  f: { ticket: Ticket; assignment: Assignment; technician: Technician; note: string | null; photo: Attachment | null; now: number },
): Promise<FinishOutcome> {
  if (!openStatuses.has(f.ticket.status)) return 'ticket_closed';
  await lockTicket(trx, f.ticket.id, f.now);
  if (!(await markAssignmentProgress(trx, f.assignment.id, 'finished_at', f.now))) return 'already_finished';
  if (f.assignment.startedAt === null) await markAssignmentProgress(trx, f.assignment.id, 'started_at', f.now);
  const active = (await listAssignmentsOfTicket(trx, f.ticket.id)).filter((a) => a.status === 'active');
  const allDone = active.every((a) => a.finishedAt !== null);
  const moved =
    allDone && (await updateTicketStatus(trx, f.ticket.id, f.ticket.status, { status: 'selesai', now: f.now, finishedAt: f.now }));
  const eventId = await insertTicketEvent(trx, {
    ticketId: f.ticket.id,
    kind: 'finished',
    note: `Petugas ${f.technician.name} menyelesaikan pekerjaan${f.note ? `: ${f.note}` : '.'}${f.photo ? ' (foto terlampir)' : ''}`,
    statusFrom: moved ? f.ticket.status : null,
    statusTo: moved ? 'selesai' : null,
    actorKind: 'staff',
    actorId: f.technician.id,
    actorName: f.technician.name,
    now: f.now,
  });
  await attachProof(trx, f.ticket, eventId, f.photo, f.now);
  await notifyFinished(trx, { ticket: f.ticket, technician: f.technician.name, note: f.note, allDone: moved, now: f.now });
  return moved ? 'finished_all' : 'finished_part';
}

export type ReopenOutcome = 'reopened' | 'not_finished' | 'closed';

/** `#belum`: the reporter says the work is not done. The ticket goes back to `proses` and the technicians hear why. */
export async function reopenByReporter(
  trx: Transaction<Database>,
  r: { ticket: Ticket; reason: string; reporterName: string; now: number },
): Promise<ReopenOutcome> {
  if (r.ticket.status === 'ditutup') return 'closed';
  if (r.ticket.status !== 'selesai') return 'not_finished';
  await lockTicket(trx, r.ticket.id, r.now);
  if (!(await updateTicketStatus(trx, r.ticket.id, 'selesai', { status: 'proses', now: r.now, finishedAt: null }))) return 'not_finished';
  const active = (await listAssignmentsOfTicket(trx, r.ticket.id)).filter((a) => a.status === 'active');
  // Each technician must report finished again.
  await trx
    .updateTable('assignments')
    .set({ finished_at: null })
    .where('ticket_id', '=', r.ticket.id)
    .where('status', '=', 'active')
    .execute();
  await insertTicketEvent(trx, {
    ticketId: r.ticket.id,
    kind: 'reopened',
    note: `Pelapor menyatakan belum selesai: ${r.reason}`,
    statusFrom: 'selesai',
    statusTo: 'proses',
    actorKind: 'reporter',
    actorName: r.reporterName,
    now: r.now,
  });
  await notifyReopened(
    trx,
    r.ticket,
    active.map((a) => a.staffPhone),
    r.reason,
    r.now,
  );
  return 'reopened';
}
