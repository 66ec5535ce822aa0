import { shorten } from '../../shared/text';
import { calendarDayIn, formatChatClock, formatChatDate } from '../../shared/time';
import type { Ticket } from '../tickets/ticket.model';

/**
 * The Indonesian texts of "one ticket for one fault" (issue 15 part 3): the duplicate offer and
 * its answers (#ikut, #baru), what both reporters hear of a merge, and the history entries.
 */

type Addressee = { name: string; workplace: string | null };
const salutation = (s: Addressee) => `Yth. ${s.name}${s.workplace ? ` (${s.workplace})` : ''},`;

/** `09.12` when it is today in `tz`, else `2 Des 2026 09.12`. */
function reportedWhen(at: number, now: number, tz: string): string {
  const time = formatChatClock(at, tz);
  return calendarDayIn(at, tz) === calendarDayIn(now, tz) ? time : `${formatChatDate(at, tz)} ${time}`;
}

/** What the offer says of the open ticket: which, about what, where, since when and who works on it. */
export interface OfferFacts {
  ticket: Ticket;
  categoryName: string | null;
  placeName: string | null;
  technicians: readonly string[];
  now: number;
  tz: string;
}

/**
 * "Sudah ada laporan *BRT2612003* untuk lampu di ruang 3.2 (dilaporkan 09.12, sedang ditangani
 * Siswanto). Balas *#ikut BRT2612003* untuk mengikuti laporan itu, atau *#baru* jika ini masalah lain."
 */
export const duplicateOffer = (s: Addressee, o: OfferFacts) => {
  const about = [o.categoryName ? `untuk ${o.categoryName.toLowerCase()}` : '', o.placeName ? `di ${o.placeName}` : '']
    .filter(Boolean)
    .join(' ');
  const who = o.technicians.length ? `sedang ditangani ${o.technicians.join(', ')}` : 'belum ditangani';
  const no = o.ticket.trackingNo;
  return [
    salutation(s),
    `Sudah ada laporan *${no}*${about ? ` ${about}` : ''} (dilaporkan ${reportedWhen(o.ticket.createdAt, o.now, o.tz)}, ${who}). ` +
      `Balas *#ikut ${no}* untuk mengikuti laporan itu, atau *#baru* jika ini masalah lain.`,
  ].join('\n');
};

/** The sender reported it (or follows it) already: the number, and how to ask after it. */
export const alreadyReported = (s: Addressee, t: Ticket, following: boolean) =>
  [
    salutation(s),
    following
      ? `Anda sudah mengikuti laporan *${t.trackingNo}* untuk masalah ini; kami kabari setiap perkembangannya.`
      : `Anda sudah melaporkan masalah ini dengan nomor *${t.trackingNo}*; laporan itu masih kami tangani.`,
    `Cek status: #cek ${t.trackingNo}`,
  ].join('\n');

export const nowFollowing = (s: Addressee, t: Ticket) =>
  [
    salutation(s),
    `Anda kini mengikuti laporan *${t.trackingNo}*: ${shorten(t.complaint, 80)}`,
    'Setiap perkembangan akan kami kirimkan kepada Anda juga. Setelah petugas selesai, Anda dapat membalas #selesai atau #belum.',
    `Cek status: #cek ${t.trackingNo}`,
  ].join('\n');

export const alreadyFollowing = (s: Addressee, t: Ticket, reporter: boolean) =>
  [
    salutation(s),
    reporter ? `Laporan *${t.trackingNo}* adalah laporan Anda sendiri.` : `Anda sudah mengikuti laporan *${t.trackingNo}*.`,
    `Cek status: #cek ${t.trackingNo}`,
  ].join('\n');

/** #ikut on a closed ticket: nothing to follow; a new report is the way (#baru, when their complaint is held). */
export const cannotFollowClosed = (s: Addressee, t: Ticket, held: boolean) =>
  [
    salutation(s),
    `Laporan *${t.trackingNo}* sudah ditutup.`,
    held
      ? 'Balas *#baru* agar laporan Anda dicatat sebagai laporan baru.'
      : 'Jika masalahnya muncul lagi, kirim laporan baru: #request <keluhan>',
  ].join('\n');

/** #baru without an offer waiting. */
export const nothingToFile = (s: Addressee) =>
  [
    salutation(s),
    'Saat ini tidak ada laporan Anda yang menunggu pilihan #ikut atau #baru.',
    'Untuk melapor kirim: #request <keluhan Anda>',
  ].join('\n');

/** The offer was not answered in time: the complaint waits in the desk's inbox. */
export const offerLeftForDesk = (t: { trackingNo: string }) =>
  `Karena belum ada pilihan #ikut atau #baru, laporan Anda (mirip laporan *${t.trackingNo}*) kami teruskan ke petugas; petugas kami akan menindaklanjuti.`;

/** The desk-inbox preview of an unanswered offer. */
export const offerInboxPreview = (complaint: string, t: { trackingNo: string }) => `[mirip ${t.trackingNo}] ${shorten(complaint, 120)}`;

/** The reporter of a ticket merged into another: which one they now follow. */
export const mergedToReporter = (merged: Ticket, main: Ticket) =>
  [
    salutation(merged.reporter),
    `Laporan Anda *${merged.trackingNo}* kami gabungkan dengan laporan *${main.trackingNo}* karena membahas masalah yang sama.`,
    `Anda akan menerima setiap perkembangan laporan *${main.trackingNo}* dan dapat mengonfirmasinya dengan #selesai ${main.trackingNo}.`,
    `Cek status: #cek ${main.trackingNo}`,
  ].join('\n');

/** The reporter of the main ticket: another report joined theirs. */
export const mergedIntoToReporter = (main: Ticket, merged: Ticket) =>
  [
    salutation(main.reporter),
    `Laporan *${merged.trackingNo}* tentang masalah yang sama kami gabungkan ke laporan Anda *${main.trackingNo}*; penanganannya tetap satu.`,
    `Cek status: #cek ${main.trackingNo}`,
  ].join('\n');

// History entries.

export const followedNote = (name: string, complaint: string | null) =>
  `${name} ikut melaporkan masalah ini${complaint ? `: ${shorten(complaint, 200)}` : '.'}`;

export const mergedAwayNote = (main: Ticket, by: string) => `Digabungkan ke laporan ${main.trackingNo} oleh ${by}.`;

export const mergedInNote = (merged: Ticket, by: string) =>
  `Laporan ${merged.trackingNo} (${merged.reporter.name}) digabungkan ke laporan ini oleh ${by}.`;

export const closedWithMainNote = (main: { trackingNo: string }) => `Ditutup bersama laporan utama ${main.trackingNo}.`;

/** To the reporter and the other followers when one of them confirmed with #selesai. */
export const confirmedByOther = (t: Ticket, who: string) =>
  [salutation(t.reporter), `Laporan *${t.trackingNo}* telah dikonfirmasi selesai oleh ${who} dan kami tutup. Terima kasih.`].join('\n');

/** …and when one of them said with #belum that it is not done. */
export const reopenedByOther = (t: Ticket, who: string, reason: string) =>
  [
    salutation(t.reporter),
    `Laporan *${t.trackingNo}* dibuka kembali karena ${who} menyatakan belum selesai: ${reason}`,
    `Cek status: #cek ${t.trackingNo}`,
  ].join('\n');
