// One generated ticket with what the service would have written around it: messages, history, assignment, replies.
const OBJECTS = [
  'lampu',
  'AC',
  'proyektor',
  'kipas angin',
  'keran',
  'pintu',
  'jendela',
  'kursi',
  'meja',
  'stopkontak',
  'wifi',
  'printer',
  'komputer',
  'toilet',
  'plafon',
  'atap',
  'papan tulis',
  'CCTV',
  'lift',
  'wastafel',
];
const PLACES = [
  'kelas 1.1',
  'kelas 2.3',
  'kelas 3.2',
  'lab komputer',
  'lab fisika',
  'ruang dosen',
  'perpustakaan',
  'aula',
  'gedung A',
  'gedung B lantai 2',
  'kantin',
  'masjid',
  'rektorat',
  'ruang rapat',
  'parkiran',
];
const PROBLEMS = [
  'mati',
  'rusak',
  'bocor',
  'macet',
  'pecah',
  'tidak menyala',
  'berisik',
  'lepas',
  'kotor',
  'tidak bisa dipakai',
  'berkedip',
  'panas',
];
export const SEARCH_WORDS = [
  'proyektor',
  'bocor',
  'lab fisika',
  'wastafel',
  'CCTV',
  'Irfan Pratama' /* employee PGWB01234's name */,
  'kelas 3.2',
  'kipas ang',
];

export type Rng = () => number;
const pick = <T>(items: readonly T[], rng: Rng): T => items[Math.floor(rng() * items.length)]!;

export interface Person {
  id: string;
  name: string;
  phone: string;
  unit: string;
}

export interface Generated {
  ticket: unknown[];
  events: unknown[][];
  assignments: unknown[][];
  inbound: unknown[][];
  outbound: unknown[][];
}

export const TICKET_COLUMNS = [
  'id',
  'tracking_no',
  'status',
  'complaint',
  'reporter_employee_id',
  'reporter_phone',
  'reporter_name',
  'reporter_unit',
  'chat_id',
  'source_message_id',
  'created_at',
  'updated_at',
  'finished_at',
  'closed_at',
  'first_assigned_at',
];
export const EVENT_COLUMNS = [
  'ticket_id',
  'kind',
  'status_from',
  'status_to',
  'note',
  'actor_kind',
  'actor_id',
  'actor_name',
  'created_at',
];
export const ASSIGNMENT_COLUMNS = ['ticket_id', 'staff_id', 'note', 'status', 'assigned_by', 'assigned_at', 'started_at', 'finished_at'];
export const INBOUND_COLUMNS = [
  'id',
  'dedupe_key',
  'device',
  'chat_id',
  'sender_phone',
  'sender_name',
  'is_group',
  'body',
  'message_type',
  'raw_payload',
  'status',
  'command',
  'ticket_id',
  'received_at',
  'processed_at',
];
export const OUTBOUND_COLUMNS = [
  'target',
  'body',
  'kind',
  'ticket_id',
  'inbound_message_id',
  'status',
  'attempts',
  'provider_id',
  'created_at',
  'updated_at',
  'sent_at',
];

const HOUR = 3600_000;

/**
 * Status by age, as a desk that keeps up would leave them: old tickets closed, recent ones in
 * every state. Never `selesai` past AUTO_CLOSE_DAYS (3): the service's auto-close job would
 * close those at once and flood the run with its own work.
 */
function statusFor(ageMs: number, rng: Rng): string {
  const status = statusByAge(ageMs, rng);
  return status === 'selesai' && ageMs > 2.5 * 24 * HOUR ? 'ditutup' : status;
}

function statusByAge(ageMs: number, rng: Rng): string {
  const r = rng();
  if (ageMs < 2 * 24 * HOUR) return r < 0.5 ? 'baru' : r < 0.8 ? 'proses' : r < 0.9 ? 'pending' : 'selesai';
  if (ageMs < 14 * 24 * HOUR) return r < 0.1 ? 'baru' : r < 0.4 ? 'proses' : r < 0.55 ? 'pending' : r < 0.8 ? 'selesai' : 'ditutup';
  return r < 0.01 ? 'baru' : r < 0.03 ? 'proses' : r < 0.05 ? 'pending' : r < 0.08 ? 'selesai' : 'ditutup';
}

/**
 * The rows for ticket `id`, created at `createdAt` by `reporter`: the #request message and its
 * reply, and for tickets that moved on an assignment, the history entries, the notifications
 * to technician and reporter, and sometimes a #cek with its answer.
 */
export function ticketWithHistory(
  id: number,
  trackingNo: string,
  createdAt: number,
  now: number,
  reporter: Person,
  techs: Person[],
  ids: { inbound: () => number },
  rng: Rng,
  history: boolean,
): Generated {
  const complaint = `${pick(OBJECTS, rng)} ${pick(PLACES, rng)} ${pick(PROBLEMS, rng)}`;
  const status = statusFor(now - createdAt, rng);
  const span = Math.min(now - createdAt, 72 * HOUR);
  const at = (share: number) => Math.round(createdAt + span * share);
  const assignedAt = status === 'baru' ? null : at(0.1 + rng() * 0.1);
  const finishedAt = status === 'selesai' || status === 'ditutup' ? at(0.5 + rng() * 0.3) : null;
  const closedAt = status === 'ditutup' ? at(0.85 + rng() * 0.15) : null;
  const updatedAt = closedAt ?? finishedAt ?? assignedAt ?? createdAt;
  const requestId = ids.inbound();
  const body = `#request ${complaint}`;
  const ticket = [
    id,
    trackingNo,
    status,
    complaint,
    reporter.id,
    reporter.phone,
    reporter.name,
    reporter.unit,
    reporter.phone,
    requestId,
    createdAt,
    updatedAt,
    finishedAt,
    closedAt,
    assignedAt,
  ];
  const out: Generated = { ticket, events: [], assignments: [], inbound: [], outbound: [] };
  const payload = JSON.stringify({
    device: '6281100000000',
    sender: reporter.phone,
    message: body,
    text: 'non-button message',
    name: reporter.name,
    type: 'text',
    inboxid: 0,
    isgroup: false,
    timestamp: Math.floor(createdAt / 1000),
  });
  out.inbound.push([
    requestId,
    `gen:${requestId}`,
    '6281100000000',
    reporter.phone,
    reporter.phone,
    reporter.name,
    0,
    body,
    'text',
    payload,
    'processed',
    'request',
    id,
    createdAt,
    createdAt + 40,
  ]);
  out.outbound.push([
    reporter.phone,
    `Yth. ${reporter.name} (${reporter.unit})\nTerima kasih atas infonya. Nomor tracking Anda: *${trackingNo}*`,
    'reply',
    id,
    requestId,
    'sent',
    1,
    `p${requestId}`,
    createdAt + 40,
    createdAt + 90,
    createdAt + 90,
  ]);
  out.events.push([
    id,
    'created',
    null,
    'baru',
    'Laporan diterima, menunggu penugasan petugas.',
    'reporter',
    null,
    reporter.name,
    createdAt,
  ]);
  if (!history || assignedAt === null) return out;

  const tech = pick(techs, rng);
  out.assignments.push([id, tech.id, null, 'active', 'ADMB01', assignedAt, assignedAt + HOUR / 2, finishedAt]);
  out.events.push([
    id,
    'assigned',
    'baru',
    'proses',
    `Laporan diteruskan kepada petugas ${tech.name} untuk ditangani.`,
    'staff',
    'ADMB01',
    'Admin Bench',
    assignedAt,
  ]);
  out.events.push([id, 'started', null, null, `Petugas ${tech.name} mulai menangani.`, 'staff', tech.id, tech.name, assignedAt + HOUR / 2]);
  out.outbound.push([
    tech.phone,
    `Tugas baru: ${trackingNo} — ${complaint}`,
    'notification',
    id,
    null,
    'sent',
    1,
    `t${id}`,
    assignedAt,
    assignedAt + 50,
    assignedAt + 50,
  ]);
  out.outbound.push([
    reporter.phone,
    `Laporan ${trackingNo} sedang ditangani oleh ${tech.name}.`,
    'notification',
    id,
    null,
    'sent',
    1,
    `r${id}`,
    assignedAt,
    assignedAt + 50,
    assignedAt + 50,
  ]);
  if (status === 'pending')
    out.events.push([
      id,
      'status',
      'proses',
      'pending',
      'Status diubah menjadi pending: menunggu suku cadang.',
      'staff',
      'ADMB01',
      'Admin Bench',
      at(0.4),
    ]);
  if (finishedAt !== null) {
    out.events.push([
      id,
      'finished',
      'proses',
      'selesai',
      `Petugas ${tech.name} menyelesaikan pekerjaan.`,
      'staff',
      tech.id,
      tech.name,
      finishedAt,
    ]);
    out.outbound.push([
      reporter.phone,
      `Laporan ${trackingNo} selesai. Balas #selesai ${trackingNo} untuk menutup.`,
      'notification',
      id,
      null,
      'sent',
      1,
      `f${id}`,
      finishedAt,
      finishedAt + 50,
      finishedAt + 50,
    ]);
  }
  if (closedAt !== null)
    out.events.push([
      id,
      'confirmed',
      'selesai',
      'ditutup',
      'Pelapor mengonfirmasi pekerjaan selesai. Laporan ditutup.',
      'reporter',
      null,
      reporter.name,
      closedAt,
    ]);
  if (rng() < 0.3) {
    const cekId = ids.inbound();
    const cekAt = at(0.3);
    out.inbound.push([
      cekId,
      `gen:${cekId}`,
      '6281100000000',
      reporter.phone,
      reporter.phone,
      reporter.name,
      0,
      `#cek ${trackingNo}`,
      'text',
      '{}',
      'processed',
      'cek',
      id,
      cekAt,
      cekAt + 30,
    ]);
    out.outbound.push([
      reporter.phone,
      `Status laporan ${trackingNo}: ${status}`,
      'reply',
      id,
      cekId,
      'sent',
      1,
      `c${cekId}`,
      cekAt + 30,
      cekAt + 80,
      cekAt + 80,
    ]);
  }
  return out;
}
