/** Indonesian labels and WIB (Asia/Jakarta) times; the API sends ISO times in UTC. */
export const TIME_ZONE = 'Asia/Jakarta';

const partsFormat = new Intl.DateTimeFormat('id-ID', {
  timeZone: TIME_ZONE,
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const monthFormat = new Intl.DateTimeFormat('id-ID', { timeZone: 'UTC', month: 'short', year: 'numeric' });

function parts(iso) {
  const p = {};
  for (const part of partsFormat.formatToParts(new Date(iso))) p[part.type] = part.value;
  return p;
}

/** "16 Sep 2024" in WIB. */
export function fmtDate(iso) {
  if (!iso) return '—';
  const p = parts(iso);
  return `${p.day} ${p.month} ${p.year}`;
}

/** "18:26:28 WIB". */
export function fmtTime(iso) {
  if (!iso) return '—';
  const p = parts(iso);
  return `${p.hour}:${p.minute}:${p.second} WIB`;
}

/** "16 Sep 2024 18:26 WIB". */
export function fmtDateTime(iso) {
  if (!iso) return '—';
  const p = parts(iso);
  return `${p.day} ${p.month} ${p.year} ${p.hour}:${p.minute} WIB`;
}

/** Today (or `date`) as YYYY-MM-DD in WIB, the form the API's `from`/`to` take. */
export function wibDay(date = new Date()) {
  return dayFormat.format(date);
}

/** "Sep 2024" from "2024-09". */
export function fmtMonth(ym) {
  const [y, m] = ym.split('-').map(Number);
  return monthFormat.format(new Date(Date.UTC(y, m - 1, 15)));
}

/** "2 hari 3 jam", "5 jam 10 menit", "12 menit". */
export function fmtDuration(ms) {
  if (ms === null || ms === undefined) return '—';
  const minutes = Math.round(ms / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days) return hours ? `${days} hari ${hours} jam` : `${days} hari`;
  if (hours) return mins ? `${hours} jam ${mins} menit` : `${hours} jam`;
  return `${mins} menit`;
}

/** Shortens text to `max` characters on a word boundary, with an ellipsis. */
export function shorten(text, max = 80) {
  const t = (text ?? '').replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

export const ticketStatuses = ['baru', 'proses', 'pending', 'selesai', 'ditutup'];

export const statusLabel = { baru: 'Baru', proses: 'Proses', pending: 'Pending', selesai: 'Selesai', ditutup: 'Ditutup' };

/** Allowed status moves, as src/features/tickets/ticket-status.ts defines them. */
export const allowedTransitions = {
  baru: ['proses', 'pending', 'ditutup'],
  proses: ['pending', 'selesai', 'ditutup'],
  pending: ['proses', 'selesai', 'ditutup'],
  selesai: ['proses', 'ditutup'],
  ditutup: ['proses'],
};

export const outboxStatusLabel = {
  queued: 'Antre',
  sending: 'Sedang dikirim',
  retry: 'Menunggu dicoba ulang',
  sent: 'Terkirim ke Fonnte',
  dead: 'Gagal',
  dry_run: 'Mode uji (tidak dikirim)',
};

export const deliveryLabel = { sent: 'terkirim', delivered: 'diterima', read: 'dibaca' };

export const inboundStatusLabel = { pending: 'Menunggu diproses', processed: 'Diproses', ignored: 'Diabaikan', failed: 'Gagal diproses' };

export const kindLabel = {
  reply: 'Balasan',
  usage_hint: 'Petunjuk',
  notification: 'Pemberitahuan',
  auto_answer: 'Jawaban otomatis',
  desk_message: 'Pesan petugas',
};

/** How a report reached the desk (tickets.channel). */
export const channelLabel = { whatsapp: 'WhatsApp', telepon: 'Telepon', datang_langsung: 'Datang langsung', surat_email: 'Surat/Email' };

/** The channels in the order the desk's form offers them: the usual ones first. */
export const deskChannels = ['telepon', 'datang_langsung', 'surat_email', 'whatsapp'];

export const levelLabel = { Administrator: 'Administrator', Staf: 'Staf', TBO: 'Teknisi (TBO)' };

export const activeLabel = { active: 'Aktif', inactive: 'Tidak aktif' };

/** "1.234" */
export const fmtNumber = (n) => new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 }).format(n);

/** "12,5 KB" */
export function fmtBytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 }).format(n / 1024)} KB`;
  return `${new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 }).format(n / 1024 / 1024)} MB`;
}

export const ticketPriorities = ['rendah', 'normal', 'tinggi', 'darurat'];

export const priorityLabel = { rendah: 'Rendah', normal: 'Normal', tinggi: 'Tinggi', darurat: 'Darurat' };

/** A ticket's SLA state (due.state) in words; `ok` and `none` say nothing in the lists. */
export const dueStateLabel = {
  ok: 'sesuai jadwal',
  soon: 'hampir terlambat',
  late: 'terlambat',
  met: 'tepat waktu',
  paused: 'dijeda (pending)',
  none: 'tanpa target',
};

/** "2 jam 10 menit" from minutes; "0 menit" for none left. */
export function fmtMinutes(minutes) {
  const m = Math.max(0, Math.floor(minutes));
  const days = Math.floor(m / 1440);
  const hours = Math.floor((m % 1440) / 60);
  const parts = [];
  if (days) parts.push(`${days} hari`);
  if (hours) parts.push(`${hours} jam`);
  if (m % 60 || parts.length === 0) parts.push(`${m % 60} menit`);
  return parts.join(' ');
}
