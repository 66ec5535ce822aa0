import type { Ticket, TicketEvent } from '../features/tickets/ticket.model';
import { statusLabel } from '../features/tickets/ticket.model';
import { formatChatDate, formatChatDateTime } from '../shared/time';
import type { CommandDefinition, Sender } from './command.types';

/** The Indonesian texts of the reporter's side of the chat, in one place. */

/** `Yth. R Marta Dinata (TIF/IT),` as the book addresses people. */
export const salutation = (s: Pick<Sender, 'name' | 'workplace'>) => `Yth. ${s.name}${s.workplace ? ` (${s.workplace})` : ''},`;

export const requestAccepted = (s: Sender, t: Ticket) =>
  [
    salutation(s),
    'Terima kasih atas infonya. Laporan Anda akan segera kami proses.',
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
export const usageOf = (c: CommandDefinition, invokedAs: string) =>
  [
    `*Gunakan pola #${invokedAs} dengan benar.*`,
    `👉 ${c.usage.replace(/^#\S+/, `#${invokedAs}`)}`,
    c.example ? `Contoh: ${c.example.replace(/^#\S+/, `#${invokedAs}`)}` : '',
  ]
    .filter(Boolean)
    .join('\n');

export const latestState = (s: Sender, t: Ticket, latest: TicketEvent | undefined, tz: string) =>
  [
    salutation(s),
    `Laporan *${t.trackingNo}*: ${shorten(t.complaint, 120)}`,
    `Status: *${statusLabel[t.status]}*`,
    latest ? `Hingga ${formatChatDateTime(latest.createdAt, tz)}: ${latest.note}` : '',
  ]
    .filter(Boolean)
    .join('\n');

export const history = (s: Sender, t: Ticket, events: TicketEvent[], tz: string) =>
  [
    salutation(s),
    `Riwayat laporan *${t.trackingNo}* (status: ${statusLabel[t.status]}):`,
    ...events.map((e, i) => `${i + 1}. Tanggal ${formatChatDateTime(e.createdAt, tz)}, ${e.note}`),
  ].join('\n');

export const recentTickets = (s: Sender, tickets: Ticket[], tz: string) =>
  tickets.length === 0
    ? [salutation(s), 'Anda belum memiliki laporan.', 'Untuk melapor kirim: #request <keluhan Anda>'].join('\n')
    : [
        salutation(s),
        `${tickets.length} laporan terakhir Anda:`,
        ...tickets.map(
          (t, i) =>
            `${i + 1}. *${t.trackingNo}* (${formatChatDate(t.createdAt, tz)}) ${statusLabel[t.status]}\n    ${shorten(t.complaint, 60)}`,
        ),
        '',
        'Detail: #cek <nomor> · Riwayat: #track <nomor>',
      ].join('\n');

export const confirmedClosed = (s: Sender, t: Ticket) =>
  [salutation(s), `Terima kasih, laporan *${t.trackingNo}* telah Anda konfirmasi selesai dan kami tutup.`].join('\n');

export const alreadyClosed = (s: Sender, t: Ticket, tz: string) =>
  [salutation(s), `Laporan *${t.trackingNo}* sudah ditutup${t.closedAt ? ` pada ${formatChatDateTime(t.closedAt, tz)}` : ''}.`].join('\n');

export const notFinishedYet = (s: Sender, t: Ticket) =>
  [
    salutation(s),
    `Laporan *${t.trackingNo}* belum selesai dikerjakan petugas (status: ${statusLabel[t.status]}).`,
    'Konfirmasi #selesai dapat dikirim setelah petugas menyelesaikan pekerjaannya.',
    `Cek status: #cek ${t.trackingNo}`,
  ].join('\n');

export const unknownSenderRefused = () =>
  [
    'Mohon maaf, nomor WhatsApp Anda belum terdaftar sebagai pegawai.',
    'Silakan hubungi admin Sarpras untuk mendaftarkan nomor Anda, lalu kirim laporan kembali.',
  ].join('\n');

export const notAllowed = (c: CommandDefinition) =>
  `Maaf, perintah #${c.name} tidak tersedia untuk nomor Anda. Ketik #help untuk menu Anda.`;

export const menu = (s: Sender, lines: string) =>
  [
    salutation(s),
    '*Menu layanan pengaduan sarana prasarana:*',
    lines,
    '',
    'Huruf besar/kecil tidak berpengaruh; tanda # boleh dipakai atau tidak.',
  ].join('\n');

/** Answer to something that is not a command: how to use the service, with a guess when it looks like a typo. */
export const usageHint = (word: string | undefined, suggestion: CommandDefinition | undefined, lines: string) =>
  [
    word && suggestion ? `Perintah "${word}" tidak dikenali. Maksud Anda *#${suggestion.name}*?` : '*Gunakan pola layanan pengaduan:*',
    suggestion ? `👉 ${suggestion.usage}${suggestion.example ? `\nContoh: ${suggestion.example}` : ''}` : lines,
    '',
    'Ketik #help untuk menu lengkap.',
  ].join('\n');

export const processingFailed = () =>
  'Mohon maaf, terjadi gangguan saat memproses pesan Anda. Pesan Anda sudah kami simpan dan tim kami akan memeriksanya.';

export function shorten(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}
