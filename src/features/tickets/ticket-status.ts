import type { TicketStatus } from './ticket.model';

/**
 * Which status may follow which. `selesai` means the technicians finished; only the
 * reporter's confirmation (or an admin, or the auto-close) makes it `ditutup`.
 */
export const allowedTransitions: Record<TicketStatus, readonly TicketStatus[]> = {
  baru: ['proses', 'pending', 'ditutup'],
  proses: ['pending', 'selesai', 'ditutup'],
  pending: ['proses', 'selesai', 'ditutup'],
  selesai: ['proses', 'ditutup'],
  ditutup: ['proses'],
};

export const canTransition = (from: TicketStatus, to: TicketStatus) => allowedTransitions[from].includes(to);

export const ticketStatuses = ['baru', 'proses', 'pending', 'selesai', 'ditutup'] as const satisfies readonly TicketStatus[];
