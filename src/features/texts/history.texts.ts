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
