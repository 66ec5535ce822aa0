import { channelLabel, type Ticket } from '../tickets/ticket.model';

/** Every Indonesian text the desk reads by WhatsApp (ADMIN_NOTIFY_TARGET), and the frame of what it writes to a reporter. */

export const newTicketToAdmins = (t: Ticket) =>
  [
    `*Laporan baru ${t.trackingNo}*`,
    `Pelapor: ${t.reporter.name}${t.reporter.workplace ? ` (${t.reporter.workplace})` : ''}${t.reporter.phone ? `, ${t.reporter.phone}` : ''}`,
    t.channel !== 'whatsapp' ? `Saluran: ${channelLabel[t.channel]}` : '',
    `Keluhan: ${t.complaint}`,
  ]
    .filter(Boolean)
    .join('\n');

/** What the desk writes to a reporter from the ticket page: their words, under whose and which report. */
export const deskMessageToReporter = (t: Ticket, deskMember: string, text: string) =>
  [`*Pesan dari petugas (${deskMember}) tentang laporan ${t.trackingNo}:*`, text].join('\n');
