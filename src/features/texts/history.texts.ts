import { statusLabel, type TicketStatus } from '../tickets/ticket.model';

/**
 * Every Indonesian text written into a ticket's history: what the reporter reads with #track,
 * and the desk on the ticket page. Each is written once, by the ticket lifecycle.
 */

export const openedNote = () => 'Laporan diterima, menunggu penugasan petugas.';

/** A report the desk typed in from a phone call, a visit or a letter. */
export const openedByDeskNote = (channel: string, deskMember: string) =>
  `Laporan diterima melalui ${channel}, dicatat oleh ${deskMember}; menunggu penugasan petugas.`;

export const assignedNote = (technician: string) => `Laporan diteruskan kepada petugas ${technician} untuk ditangani.`;

export const withdrawnNote = (technician: string, backToNew: boolean) =>
  `Penugasan petugas ${technician} dibatalkan${backToNew ? '; laporan menunggu penugasan petugas lain.' : '.'}`;

export const everyoneFinishedNote = () => 'Semua petugas yang ditugaskan telah menyelesaikan pekerjaan.';

export const startedNote = (technician: string, note: string | null) => `Petugas ${technician} mulai menangani${note ? `: ${note}` : '.'}`;

const withPhotoMark = (withPhoto: boolean) => (withPhoto ? ' (foto terlampir)' : '');

/** A technician's #report: their words, marked when a photo proves them. */
export const progressNote = (text: string, withPhoto: boolean) => `${text}${withPhotoMark(withPhoto)}`;

export const finishedNote = (technician: string, note: string | null, withPhoto: boolean) =>
  `Petugas ${technician} menyelesaikan pekerjaan${note ? `: ${note}` : '.'}${withPhotoMark(withPhoto)}`;

export const confirmedNote = () => 'Pelapor mengonfirmasi pekerjaan selesai. Laporan ditutup.';

export const reopenedNote = (reason: string) => `Pelapor menyatakan belum selesai: ${reason}`;

export const statusChangedNote = (to: TicketStatus, note: string | null) =>
  `Status diubah menjadi ${statusLabel[to]}${note ? `: ${note}` : '.'}`;

export const autoClosedNote = (days: number) => `Ditutup otomatis: tidak ada konfirmasi pelapor dalam ${days} hari.`;

/** A technician's #report with a photo and no words. */
export const photoProgressNote = () => 'Foto progres pekerjaan.';

/** #pending: the technician's job waits; the reporter reads the same words. */
export const pendingNote = (technician: string, reason: string) => `Pekerjaan ditunda oleh petugas ${technician}: ${reason}`;

/** #start on a job that was waiting. */
export const resumedNote = (technician: string) => `Pekerjaan dilanjutkan oleh petugas ${technician}.`;

/** What each SLA clock promises, as its alerts and notes name it. */
export const clockLabel = { assign: 'penugasan', start: 'mulai dikerjakan', finish: 'penyelesaian' } as const;

/** SLA alerts, in the history for the desk (never in the reporter's #track or #cek). */
export const slaReminderNote = (clock: keyof typeof clockLabel, due: string) => `Pengingat: batas waktu ${clockLabel[clock]} ${due}.`;
export const slaBreachNote = (clock: keyof typeof clockLabel, late: string) =>
  `Batas waktu ${clockLabel[clock]} terlampaui (${late}); pengawas diberi tahu.`;
export const slaEscalationNote = (clock: keyof typeof clockLabel, late: string) =>
  `Batas waktu ${clockLabel[clock]} terlampaui ${late}; diteruskan ke pimpinan.`;
