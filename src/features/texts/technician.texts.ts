import type { Assignment } from '../assignments/assignment.model';
import type { Ticket } from '../tickets/ticket.model';
import { statusLabel } from '../tickets/ticket.model';
import { formatChatDateTime } from '../../shared/time';
import { shorten } from '../../shared/text';
import { type SlaAlertFacts } from './desk.texts';
import { clockLabel } from './history.texts';

/** Every Indonesian text a technician reads: replies to #job, #start, #report, #finish, and the messages pushed to them. */

const jobState = (a: Assignment, t: Ticket) =>
  t.status === 'selesai'
    ? 'Selesai, menunggu konfirmasi pelapor'
    : a.finishedAt
      ? 'Bagian Anda selesai'
      : a.startedAt
        ? 'Sedang dikerjakan'
        : 'Belum dimulai';

const reporterLine = (t: Ticket) => `${t.reporter.name}${t.reporter.workplace ? ` (${t.reporter.workplace})` : ''}`;

export const jobList = (name: string, jobs: { assignment: Assignment; ticket: Ticket }[], tz: string) =>
  jobs.length === 0
    ? `Petugas ${name}, saat ini tidak ada tugas untuk Anda.`
    : [
        `Petugas ${name}, ada ${jobs.length} tugas untuk Anda:`,
        ...jobs.map(
          ({ assignment: a, ticket: t }, i) =>
            `${i + 1}. *${t.trackingNo}* ${shorten(t.complaint, 60)}\n    Pelapor: ${reporterLine(t)}\n    Ditugaskan: ${formatChatDateTime(a.assignedAt, tz)}\n    Status: ${jobState(a, t)}`,
        ),
        '',
        'Detail: #job <nomor> · Mulai: #start <nomor>',
      ].join('\n');

export const jobDetail = (a: Assignment, t: Ticket, tz: string) =>
  [
    `*Tugas ${t.trackingNo}*`,
    `Keluhan: ${t.complaint}`,
    `Pelapor: ${reporterLine(t)}${t.reporter.phone ? `, ${t.reporter.phone}` : ''}`,
    `Dilaporkan: ${formatChatDateTime(t.createdAt, tz)}`,
    `Ditugaskan: ${formatChatDateTime(a.assignedAt, tz)}`,
    a.note ? `Catatan admin: ${a.note}` : '',
    `Status laporan: ${statusLabel[t.status]} · Tugas Anda: ${jobState(a, t)}`,
    '',
    `#start ${t.trackingNo} · #report ${t.trackingNo} <progres> · #finish ${t.trackingNo}`,
  ]
    .filter((l, i, all) => l !== '' || all[i - 1] !== '')
    .join('\n');

/** The book's answer when a technician types a number that is not one of their jobs. */
export const invalidJobNumber = (trackingNo: string) =>
  [`Maaf, nomor tugas *${trackingNo}* tidak valid atau tidak ditemukan di daftar tugas Anda.`, 'Ketik #job untuk melihat tugas Anda.'].join(
    '\n',
  );

export const workStarted = (t: Ticket) =>
  `Tercatat: Anda mulai menangani *${t.trackingNo}*. Pelapor sudah diberi tahu.\nKirim progres: #report ${t.trackingNo} <progres>`;
export const alreadyStarted = (t: Ticket) =>
  `Tugas *${t.trackingNo}* sudah Anda mulai sebelumnya.\nKirim progres: #report ${t.trackingNo} <progres>`;
export const progressRecorded = (t: Ticket, withPhoto: boolean) =>
  `Progres *${t.trackingNo}* tercatat${withPhoto ? ' beserta fotonya' : ''} dan diteruskan ke pelapor.`;
export const finishedAll = (t: Ticket) => `Terima kasih. *${t.trackingNo}* selesai dikerjakan; pelapor diminta mengonfirmasi.`;
export const finishedPart = (t: Ticket) => `Terima kasih. Bagian Anda pada *${t.trackingNo}* tercatat selesai; menunggu petugas lain.`;
export const alreadyFinished = (t: Ticket) => `Bagian Anda pada *${t.trackingNo}* sudah tercatat selesai.`;
export const ticketNotOpen = (t: Ticket) => `Laporan *${t.trackingNo}* berstatus ${statusLabel[t.status]}; tidak ada yang perlu dicatat.`;

// Pushed to the technician (src/features/notifications decides when).

export const assignedToTechnician = (t: Ticket, note: string | null, assignedBy: string | null) =>
  [
    `*Tugas baru untuk Anda: ${t.trackingNo}*`,
    `Keluhan: ${t.complaint}`,
    `Pelapor: ${t.reporter.name}${t.reporter.workplace ? ` (${t.reporter.workplace})` : ''}${t.reporter.phone ? `, ${t.reporter.phone}` : ''}`,
    note ? `Catatan admin: ${note}` : '',
    assignedBy ? `Ditugaskan oleh: ${assignedBy}` : '',
    '',
    `Mulai kerjakan: #start ${t.trackingNo}`,
    'Daftar tugas Anda: #job',
  ]
    .filter((l, i, all) => l !== '' || all[i - 1] !== '')
    .join('\n');

export const withdrawnFromTechnician = (t: Ticket) =>
  `Penugasan Anda untuk *${t.trackingNo}* dibatalkan oleh admin. Tidak perlu ditindaklanjuti.`;

export const reopenedToTechnician = (t: Ticket, reason: string) =>
  [
    `*Laporan ${t.trackingNo} dibuka kembali* oleh pelapor.`,
    `Alasan: ${reason}`,
    '',
    `Detail: #job ${t.trackingNo}`,
    `Laporkan lagi: #report ${t.trackingNo} <progres>`,
  ].join('\n');

/** The technician's reminder at SLA_REMINDER_SHARE of the target, with the line to send and the way to pause. */
export const slaReminderToTechnician = (f: SlaAlertFacts) =>
  [
    `*Pengingat: ${f.trackingNo}* belum ${f.clock === 'start' ? 'mulai dikerjakan' : 'selesai'}`,
    `Keluhan: ${shorten(f.complaint, 120)}`,
    `Batas waktu ${clockLabel[f.clock]}: ${f.due} (sisa ${f.span})`,
    '',
    f.clock === 'start' ? `Sudah berangkat? Kirim: #start ${f.trackingNo}` : `Sudah selesai? Kirim: #finish ${f.trackingNo}`,
    `Tertunda (mis. menunggu sparepart)? Kirim: #pending ${f.trackingNo} <alasan>`,
  ].join('\n');

export const workPaused = (t: Ticket) =>
  `Tercatat: *${t.trackingNo}* ditunda dan pelapor sudah diberi tahu alasannya. Batas waktu berhenti selama ditunda.\nLanjutkan: #start ${t.trackingNo}`;
export const alreadyPending = (t: Ticket) => `*${t.trackingNo}* sudah berstatus Pending.\nLanjutkan: #start ${t.trackingNo}`;
export const workResumed = (t: Ticket) =>
  `Tercatat: *${t.trackingNo}* dilanjutkan. Pelapor sudah diberi tahu.\nKirim progres: #report ${t.trackingNo} <progres>`;
