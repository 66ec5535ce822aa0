import type { Ticket } from '../tickets/ticket.model';

/** Every Indonesian text the desk reads by WhatsApp (ADMIN_NOTIFY_TARGET). */

export const newTicketToAdmins = (t: Ticket) =>
  [
    `*Laporan baru ${t.trackingNo}*`,
    `Pelapor: ${t.reporter.name}${t.reporter.workplace ? ` (${t.reporter.workplace})` : ''}, ${t.reporter.phone}`,
    `Keluhan: ${t.complaint}`,
  ].join('\n');
