import type { TicketStatus } from '../../db/database';

export type { TicketStatus };

export interface Ticket {
  id: number;
  trackingNo: string;
  status: TicketStatus;
  complaint: string;
  reporter: {
    employeeId: string | null;
    phone: string;
    name: string;
    workplace: string | null;
  };
  chatId: string;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
  closedAt: number | null;
}

export interface TicketEvent {
  id: number;
  kind: string;
  note: string;
  statusFrom: TicketStatus | null;
  statusTo: TicketStatus | null;
  actorKind: 'reporter' | 'staff' | 'system';
  actorName: string | null;
  createdAt: number;
}

/** How a status reads in Indonesian chat replies. */
export const statusLabel: Record<TicketStatus, string> = {
  baru: 'Baru',
  proses: 'Dalam proses',
  pending: 'Pending',
  selesai: 'Selesai dikerjakan, menunggu konfirmasi pelapor',
  ditutup: 'Ditutup',
};
