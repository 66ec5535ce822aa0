import type { Ticket, TicketEvent, TicketStatus } from '../tickets/ticket.model';
import { statusLabel } from '../tickets/ticket.model';
import { formatChatClock, formatChatDate, formatChatDateTime, wallClockIn, zoneLabel } from '../../shared/time';
import type { AfterHours } from '../sla/sla-schedule';
import { shorten } from '../../shared/text';

/**
 * Every Indonesian text a reporter reads, in one place: the replies to their commands, the
 * messages pushed to them as their ticket moves, and the guidance anyone writing to the
 * service gets (menu, usage, refusals).
 */

/** Whom a text addresses: the directory's name (else the WhatsApp name) and workplace. */
type Addressee = { name: string; workplace: string | null };
/** What a guidance text needs of a command (the registry's definition fits). */
type CommandText = { name: string; usage: string; example?: string };

/** `Yth. R Marta Dinata (TIF/IT),` as the book addresses people. */
const salutation = (s: Addressee) => `Yth. ${s.name}${s.workplace ? ` (${s.workplace})` : ''},`;

const HARI = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];
const BULAN = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

/** `Senin, 7 Desember pukul 07.30 WIB`: when work resumes, as people say it. */
function resumesText(at: number, tz: string): string {
  const d = wallClockIn(at, tz);
  return `${HARI[d.weekday]}, ${d.day} ${BULAN[d.month - 1]} pukul ${formatChatClock(at, tz)} ${zoneLabel(tz)}`;
}

/**
 * The answer to every new report (#request, a draft's YA, the desk's ticket). One that came outside
 * working hours says when it will be handled; a `darurat` one says whom to call (EMERGENCY_CONTACT).
 */
export const requestAccepted = (s: Addressee, t: Ticket, afterHours: AfterHours | null) =>
  [
    salutation(s),
    afterHours?.kind === 'resumes'
      ? `Terima kasih atas infonya. Laporan Anda kami terima di luar jam kerja dan akan ditangani mulai ${resumesText(afterHours.at, afterHours.timezone)}.`
      : 'Terima kasih atas infonya. Laporan Anda akan segera kami proses.',
    ...(afterHours?.kind === 'emergency' ? [`Untuk keadaan darurat segera hubungi ${afterHours.contact}.`] : []),
    `Nomor tracking Anda: *${t.trackingNo}*`,
    '',
    `Cek status: #cek ${t.trackingNo}`,
    `Riwayat lengkap: #track ${t.trackingNo}`,
  ].join('\n');

export const ticketNotFound = (trackingNo: string) =>
  [`Maaf, nomor laporan *${trackingNo}* tidak ditemukan.`, 'Periksa kembali nomornya, atau kirim *#cek* untuk melihat laporan Anda.'].join(
    '\n',
  );

/** The book's "Gunakan Pola …" answer when a command is used the wrong way. */
export const usageOf = (c: CommandText, invokedAs: string) =>
  [
    `*Gunakan pola #${invokedAs} dengan benar.*`,
    `👉 ${c.usage.replace(/^#\S+/, `#${invokedAs}`)}`,
    c.example ? `Contoh: ${c.example.replace(/^#\S+/, `#${invokedAs}`)}` : '',
  ]
    .filter(Boolean)
    .join('\n');

export const latestState = (s: Addressee, t: Ticket, latest: TicketEvent | undefined, tz: string) =>
  [
    salutation(s),
    `Laporan *${t.trackingNo}*: ${shorten(t.complaint, 120)}`,
    `Status: *${statusLabel[t.status]}*`,
    latest ? `Hingga ${formatChatDateTime(latest.createdAt, tz)}: ${latest.note}` : '',
  ]
    .filter(Boolean)
    .join('\n');

export const history = (s: Addressee, t: Ticket, events: TicketEvent[], tz: string) =>
  [
    salutation(s),
    `Riwayat laporan *${t.trackingNo}* (status: ${statusLabel[t.status]}):`,
    ...events.map((e, i) => `${i + 1}. Tanggal ${formatChatDateTime(e.createdAt, tz)}, ${e.note}`),
  ].join('\n');

/** The sender's latest tickets; those in `followed` they follow (#ikut, or a merge) rather than reported. */
export const recentTickets = (s: Addressee, tickets: Ticket[], tz: string, followed: ReadonlySet<number> = new Set()) =>
  tickets.length === 0
    ? [salutation(s), 'Anda belum memiliki laporan.', 'Untuk melapor kirim: #request <keluhan Anda>'].join('\n')
    : [
        salutation(s),
        `${tickets.length} laporan terakhir Anda:`,
        ...tickets.map(
          (t, i) =>
            `${i + 1}. *${t.trackingNo}* (${formatChatDate(t.createdAt, tz)}) ${statusLabel[t.status]}${followed.has(t.id) ? ' · diikuti' : ''}\n    ${shorten(t.complaint, 60)}`,
        ),
        '',
        'Detail: #cek <nomor> · Riwayat: #track <nomor>',
      ].join('\n');

export const confirmedClosed = (s: Addressee, t: Ticket) =>
  [salutation(s), `Terima kasih, laporan *${t.trackingNo}* telah Anda konfirmasi selesai dan kami tutup.`].join('\n');

export const alreadyClosed = (s: Addressee, t: Ticket, tz: string) =>
  [salutation(s), `Laporan *${t.trackingNo}* sudah ditutup${t.closedAt ? ` pada ${formatChatDateTime(t.closedAt, tz)}` : ''}.`].join('\n');

export const notFinishedYet = (s: Addressee, t: Ticket) =>
  [
    salutation(s),
    `Laporan *${t.trackingNo}* belum selesai dikerjakan petugas (status: ${statusLabel[t.status]}).`,
    'Konfirmasi #selesai dapat dikirim setelah petugas menyelesaikan pekerjaannya.',
    `Cek status: #cek ${t.trackingNo}`,
  ].join('\n');

/** The answer to #belum: reopened, not finished yet, or already closed. */
export const reopenAnswer = (s: Addressee, t: Ticket, outcome: 'reopened' | 'not_finished' | 'closed') =>
  [
    salutation(s),
    {
      reopened: `Laporan *${t.trackingNo}* kami buka kembali dan petugas sudah diberi tahu alasannya.`,
      not_finished: `Laporan *${t.trackingNo}* masih dikerjakan petugas; tidak perlu dibuka kembali. Cek: #cek ${t.trackingNo}`,
      closed: `Laporan *${t.trackingNo}* sudah ditutup. Silakan kirim laporan baru: #request <keluhan>`,
    }[outcome],
  ].join('\n');

export const unknownSenderRefused = () =>
  [
    'Mohon maaf, nomor WhatsApp Anda belum terdaftar sebagai pegawai.',
    'Silakan hubungi admin Sarpras untuk mendaftarkan nomor Anda, lalu kirim laporan kembali.',
  ].join('\n');

export const notAllowed = (c: CommandText) => `Maaf, perintah #${c.name} tidak tersedia untuk nomor Anda. Ketik #help untuk menu Anda.`;

export const menu = (s: Addressee, lines: string) =>
  [
    salutation(s),
    '*Menu layanan pengaduan sarana prasarana:*',
    lines,
    '',
    'Huruf besar/kecil tidak berpengaruh; tanda # boleh dipakai atau tidak.',
  ].join('\n');

/** Answer to something that is not a command: how to use the service, with a guess when it looks like a typo. */
export const usageHint = (word: string | undefined, suggestion: CommandText | undefined, lines: string) =>
  [
    word && suggestion ? `Perintah "${word}" tidak dikenali. Maksud Anda *#${suggestion.name}*?` : '*Gunakan pola layanan pengaduan:*',
    suggestion ? `👉 ${suggestion.usage}${suggestion.example ? `\nContoh: ${suggestion.example}` : ''}` : lines,
    '',
    'Ketik #help untuk menu lengkap.',
  ].join('\n');

export const processingFailed = () =>
  'Mohon maaf, terjadi gangguan saat memproses pesan Anda. Pesan Anda sudah kami simpan dan tim kami akan memeriksanya.';

// Pushed to the reporter as their ticket moves (src/features/notifications decides when).

const checkLine = (t: Ticket) => `Cek status: #cek ${t.trackingNo}`;

export const assignedToReporter = (t: Ticket, technicianName: string) =>
  [
    salutation(t.reporter),
    `Laporan *${t.trackingNo}* sudah diteruskan kepada petugas ${technicianName} untuk ditangani.`,
    checkLine(t),
  ].join('\n');

export const adminNoteToReporter = (t: Ticket, note: string) =>
  [salutation(t.reporter), `Perkembangan laporan *${t.trackingNo}*:`, note, '', checkLine(t)].join('\n');

export const statusChangedToReporter = (t: Ticket, to: TicketStatus, note: string | null) =>
  [
    salutation(t.reporter),
    `Status laporan *${t.trackingNo}* kini: *${statusLabel[to]}*.`,
    note ? `Catatan: ${note}` : '',
    to === 'selesai' ? `Jika sudah sesuai, balas *#selesai ${t.trackingNo}*.` : checkLine(t),
  ]
    .filter(Boolean)
    .join('\n');

export const workStartedToReporter = (t: Ticket, technician: string, note: string | null) =>
  [salutation(t.reporter), `Petugas ${technician} mulai menangani laporan *${t.trackingNo}*.`, note ? `Catatan: ${note}` : '', checkLine(t)]
    .filter(Boolean)
    .join('\n');

export const progressToReporter = (t: Ticket, technician: string, text: string, withPhoto: boolean) =>
  [
    salutation(t.reporter),
    `Perkembangan laporan *${t.trackingNo}* dari petugas ${technician}:`,
    text,
    withPhoto ? '(dengan foto bukti)' : '',
    checkLine(t),
  ]
    .filter(Boolean)
    .join('\n');

export const partFinishedToReporter = (t: Ticket, technician: string) =>
  [
    salutation(t.reporter),
    `Petugas ${technician} telah menyelesaikan bagiannya pada laporan *${t.trackingNo}*; petugas lain masih bekerja.`,
    checkLine(t),
  ].join('\n');

export const finishedToReporter = (t: Ticket, note: string | null) =>
  [
    salutation(t.reporter),
    `Pekerjaan untuk laporan *${t.trackingNo}* telah selesai.`,
    note ? `Catatan petugas: ${note}` : '',
    '',
    `Jika sudah sesuai, balas *#selesai ${t.trackingNo}*.`,
    `Jika belum, balas *#belum ${t.trackingNo} <alasan>*.`,
  ]
    .filter((l, i, all) => l !== '' || all[i - 1] !== '')
    .join('\n');

export const autoClosedToReporter = (t: Ticket, days: number) =>
  [
    salutation(t.reporter),
    `Laporan *${t.trackingNo}* kami tutup otomatis karena tidak ada konfirmasi dalam ${days} hari setelah selesai dikerjakan.`,
    'Jika masalah muncul lagi, silakan kirim laporan baru: #request <keluhan>',
  ].join('\n');

// The reporter's rating after a ticket closed (src/features/ratings).

export const ratingQuestion = (t: Ticket) =>
  [
    salutation(t.reporter),
    `Bagaimana penilaian Anda atas penanganan laporan *${t.trackingNo}*? Balas dengan angka *1*–*5* (5 = sangat puas); boleh ditambah komentar.`,
  ].join('\n');

export const ratingThanks = (t: Ticket, score: number, withComment: boolean) =>
  [
    `Terima kasih atas penilaian Anda untuk laporan *${t.trackingNo}*: ${'⭐'.repeat(score)} (${score}/5).`,
    score <= 2 ? 'Mohon maaf atas kekurangan kami; tim kami akan menindaklanjutinya.' : '',
    withComment ? '' : 'Jika ingin menambahkan komentar, kirim pada pesan berikutnya.',
  ]
    .filter(Boolean)
    .join('\n');

export const ratingHint = (t: Ticket) =>
  `Untuk menilai laporan *${t.trackingNo}*, balas dengan satu angka *1*–*5* (5 = sangat puas), boleh ditambah komentar.`;
