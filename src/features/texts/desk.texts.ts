import { channelLabel, type Ticket } from '../tickets/ticket.model';
import { shorten } from '../../shared/text';
import { clockLabel } from './history.texts';

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

/** `2 jam 5 menit`: how long is left, or how late, in the time the clock counts. */
export function durationText(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'kurang dari 1 menit';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} jam` : '', m ? `${m} menit` : ''].filter(Boolean).join(' ');
}

/** What an SLA alert says about its ticket and clock; times already formatted. */
export interface SlaAlertFacts {
  trackingNo: string;
  complaint: string;
  clock: keyof typeof clockLabel;
  category: string | null;
  priority: string;
  /** The active technicians' names; empty when nobody has it. */
  technicians: string[];
  due: string;
  /** How long is left (reminder) or how late (breach, escalation). */
  span: string;
}

const aboutLines = (f: SlaAlertFacts) => [
  `Keluhan: ${shorten(f.complaint, 120)}`,
  `Kategori: ${f.category ?? 'belum ditentukan'} · Prioritas: ${f.priority}`,
  `Ditangani: ${f.technicians.length ? f.technicians.join(', ') : 'belum ada petugas'}`,
];

/** The desk's reminder: a ticket still waits for an assignment (or for someone to start or finish it). */
export const slaReminderToDesk = (f: SlaAlertFacts) =>
  [
    `*Pengingat SLA: ${f.trackingNo}* belum ${f.clock === 'assign' ? 'ditugaskan' : f.clock === 'start' ? 'mulai dikerjakan' : 'selesai'}`,
    ...aboutLines(f),
    `Batas waktu ${clockLabel[f.clock]}: ${f.due} (sisa ${f.span})`,
  ].join('\n');

/** The category's supervisor (else the desk): the ticket is late. */
export const slaBreachToSupervisor = (f: SlaAlertFacts) =>
  [`*SLA terlampaui: ${f.trackingNo}*`, ...aboutLines(f), `Batas waktu ${clockLabel[f.clock]}: ${f.due}`, `Terlambat: ${f.span}`].join(
    '\n',
  );

/** SLA_HEAD_TARGET, the second level: still late SLA_SECOND_LEVEL_MINUTES after the breach. */
export const slaEscalationToHead = (f: SlaAlertFacts) =>
  [
    `*Eskalasi SLA: ${f.trackingNo}* masih terlambat`,
    ...aboutLines(f),
    `Batas waktu ${clockLabel[f.clock]}: ${f.due}`,
    `Terlambat: ${f.span}`,
  ].join('\n');
