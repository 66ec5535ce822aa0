import type { TicketChannel, TicketPriority, TicketStatus } from '../../db/database';

export type { TicketChannel, TicketPriority, TicketStatus };

export interface Ticket {
  id: number;
  trackingNo: string;
  status: TicketStatus;
  complaint: string;
  reporter: {
    employeeId: string | null;
    /** Null for a report the desk took from someone without a phone (a walk-in, a letter). */
    phone: string | null;
    name: string;
    workplace: string | null;
  };
  /** Where replies about this ticket go: the reporter's number or the group id; null when nobody can be written to. */
  chatId: string | null;
  channel: TicketChannel;
  /** What the fault is about (categories table); null when nothing was recognised and nobody chose. */
  categoryId: number | null;
  priority: TicketPriority;
  /** Where the fault is (places table): recognised in the complaint or set by the desk; null when unknown. */
  placeId: number | null;
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

/** The channels a report reaches the desk by, in the order the dashboard offers them. */
export const ticketChannels = ['whatsapp', 'telepon', 'datang_langsung', 'surat_email'] as const satisfies readonly TicketChannel[];

/** How a channel reads in Indonesian (history, export). */
export const channelLabel: Record<TicketChannel, string> = {
  whatsapp: 'WhatsApp',
  telepon: 'Telepon',
  datang_langsung: 'Datang langsung',
  surat_email: 'Surat/Email',
};
