import type { TicketStatus } from './ticket.model';

/** Every status, in workflow order. Which may follow which is ticket-moves.ts's business. */
export const ticketStatuses = ['baru', 'proses', 'pending', 'selesai', 'ditutup'] as const satisfies readonly TicketStatus[];
