import type { Ticket, TicketStatus } from '../tickets/ticket.model';
import { statusLabel } from '../tickets/ticket.model';

/** Indonesian texts of the messages the service pushes (as opposed to replies to a command). */

const greet = (t: Ticket) => `Yth. ${t.reporter.name}${t.reporter.workplace ? ` (${t.reporter.workplace})` : ''},`;
const checkLine = (t: Ticket) => `Cek status: #cek ${t.trackingNo}`;

export const assignedToTechnician = (t: Ticket, note: string | null, assignedBy: string | null) =>
  [
    `*Tugas baru untuk Anda: ${t.trackingNo}*`,
    `Keluhan: ${t.complaint}`,
    `Pelapor: ${t.reporter.name}${t.reporter.workplace ? ` (${t.reporter.workplace})` : ''}, ${t.reporter.phone}`,
    note ? `Catatan admin: ${note}` : '',
    assignedBy ? `Ditugaskan oleh: ${assignedBy}` : '',
    '',
    `Mulai kerjakan: #start ${t.trackingNo}`,
    'Daftar tugas Anda: #job',
  ]
    .filter((l, i, all) => l !== '' || all[i - 1] !== '')
    .join('\n');

export const assignedToReporter = (t: Ticket, technicianName: string) =>
  [greet(t), `Laporan *${t.trackingNo}* sudah diteruskan kepada petugas ${technicianName} untuk ditangani.`, checkLine(t)].join('\n');

export const withdrawnFromTechnician = (t: Ticket) =>
  `Penugasan Anda untuk *${t.trackingNo}* dibatalkan oleh admin. Tidak perlu ditindaklanjuti.`;

export const adminNoteToReporter = (t: Ticket, note: string) =>
  [greet(t), `Perkembangan laporan *${t.trackingNo}*:`, note, '', checkLine(t)].join('\n');

export const statusChangedToReporter = (t: Ticket, to: TicketStatus, note: string | null) =>
  [
    greet(t),
    `Status laporan *${t.trackingNo}* kini: *${statusLabel[to]}*.`,
    note ? `Catatan: ${note}` : '',
    to === 'selesai' ? `Jika sudah sesuai, balas *#selesai ${t.trackingNo}*.` : checkLine(t),
  ]
    .filter(Boolean)
    .join('\n');

export const newTicketToAdmins = (t: Ticket) =>
  [
    `*Laporan baru ${t.trackingNo}*`,
    `Pelapor: ${t.reporter.name}${t.reporter.workplace ? ` (${t.reporter.workplace})` : ''}, ${t.reporter.phone}`,
    `Keluhan: ${t.complaint}`,
  ].join('\n');

export const workStartedToReporter = (t: Ticket, technician: string, note: string | null) =>
  [greet(t), `Petugas ${technician} mulai menangani laporan *${t.trackingNo}*.`, note ? `Catatan: ${note}` : '', checkLine(t)]
    .filter(Boolean)
    .join('\n');

export const progressToReporter = (t: Ticket, technician: string, text: string, withPhoto: boolean) =>
  [
    greet(t),
    `Perkembangan laporan *${t.trackingNo}* dari petugas ${technician}:`,
    text,
    withPhoto ? '(dengan foto bukti)' : '',
    checkLine(t),
  ]
    .filter(Boolean)
    .join('\n');

export const partFinishedToReporter = (t: Ticket, technician: string) =>
  [
    greet(t),
    `Petugas ${technician} telah menyelesaikan bagiannya pada laporan *${t.trackingNo}*; petugas lain masih bekerja.`,
    checkLine(t),
  ].join('\n');

export const finishedToReporter = (t: Ticket, note: string | null) =>
  [
    greet(t),
    `Pekerjaan untuk laporan *${t.trackingNo}* telah selesai.`,
    note ? `Catatan petugas: ${note}` : '',
    '',
    `Jika sudah sesuai, balas *#selesai ${t.trackingNo}*.`,
    `Jika belum, balas *#belum ${t.trackingNo} <alasan>*.`,
  ]
    .filter((l, i, all) => l !== '' || all[i - 1] !== '')
    .join('\n');

export const reopenedToTechnician = (t: Ticket, reason: string) =>
  [
    `*Laporan ${t.trackingNo} dibuka kembali* oleh pelapor.`,
    `Alasan: ${reason}`,
    '',
    `Detail: #job ${t.trackingNo}`,
    `Laporkan lagi: #report ${t.trackingNo} <progres>`,
  ].join('\n');

export const autoClosedToReporter = (t: Ticket, days: number) =>
  [
    greet(t),
    `Laporan *${t.trackingNo}* kami tutup otomatis karena tidak ada konfirmasi dalam ${days} hari setelah selesai dikerjakan.`,
    'Jika masalah muncul lagi, silakan kirim laporan baru: #request <keluhan>',
  ].join('\n');
