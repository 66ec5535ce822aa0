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

/** A reporter rated a ticket 1–2: the desk hears which, how, what they said and who worked on it. */
export const lowRatingToDesk = (t: Ticket, score: number, comment: string | null, technicians: readonly string[]) =>
  [
    `*Penilaian rendah ${score}/5 untuk laporan ${t.trackingNo}*`,
    `Pelapor: ${t.reporter.name}${t.reporter.workplace ? ` (${t.reporter.workplace})` : ''}`,
    `Keluhan: ${t.complaint}`,
    `Petugas: ${technicians.length ? technicians.join(', ') : '-'}`,
    `Komentar: ${comment ?? '(belum ada)'}`,
  ].join('\n');

/** The comment that followed a low rating in a later message. */
export const lowRatingCommentToDesk = (t: Ticket, score: number, comment: string) =>
  [`*Komentar pelapor atas penilaian ${score}/5 laporan ${t.trackingNo}:*`, comment].join('\n');
