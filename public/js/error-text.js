/**
 * An API error as one Indonesian sentence. The server's `message` is English for logs and API
 * clients and is never shown: the sentence comes from the stable `code` and the `details` the
 * server adds (`field`, `reason`, `status`, `allowed`, `retryAfterSeconds`). No DOM here, so a
 * test can import the module on its own.
 */
import { statusLabel } from './format.js';

const codeText = {
  VALIDATION_FAILED: 'Data tidak valid',
  UNAUTHORIZED: 'Sesi berakhir, silakan masuk lagi',
  FORBIDDEN: 'Anda tidak berhak melakukan ini',
  NOT_FOUND: 'Data yang diminta tidak ditemukan (mungkin sudah dihapus atau nomornya salah)',
  CONFLICT: 'Tidak dapat dilakukan pada keadaan data sekarang; muat ulang halaman lalu coba lagi',
  PAYLOAD_TOO_LARGE: 'Data yang dikirim terlalu besar',
  RATE_LIMITED: 'Terlalu banyak percobaan',
  DATABASE_UNAVAILABLE: 'Basis data sedang tidak dapat dihubungi, coba lagi sebentar lagi',
  NETWORK: 'Server tidak dapat dihubungi; periksa jaringan lalu coba lagi',
  INTERNAL: 'Terjadi kesalahan di server; coba lagi nanti',
};

/** What a rejected field means, for the fields people type most. */
const fieldHint = {
  staffId: 'teknisi tidak dikenal atau bukan teknisi (TBO) yang aktif',
  phone: 'nomor telepon tidak valid (mis. 0812… atau 62812…)',
  'reporter.phone': 'nomor telepon pelapor tidak valid (mis. 0812… atau 62812…)',
  'reporter.employeeId': 'pegawai tidak dikenal atau tidak aktif',
  from: 'nomor pengirim atau tanggal awal tidak valid',
  username: 'nama pengguna harus 3–64 huruf kecil, angka, titik, garis bawah atau tanda hubung',
  password: 'kata sandi minimal 10 karakter',
  newPassword: 'kata sandi baru minimal 10 karakter dan harus berbeda dari yang lama',
  currentPassword: 'kata sandi saat ini salah',
  email: 'alamat email tidak valid',
  body: 'isian tidak dapat dibaca',
  confirm: 'ketik ulang nomor telepon atau ID pegawai yang sama persis',
};

/** Plain names of fields, for every other rejected field. */
const fieldLabel = {
  phone: 'nomor telepon',
  username: 'nama pengguna',
  id: 'ID',
  email: 'email',
  name: 'nama',
  'reporter.name': 'nama pelapor',
  'reporter.unit': 'unit pelapor',
  department: 'bagian',
  unit: 'unit',
  level: 'level',
  complaint: 'isi pengaduan',
  note: 'catatan',
  text: 'isi pesan',
  message: 'isi pesan',
  status: 'status',
  channel: 'saluran',
  parentId: 'induk (gedung atau lantai)',
  placeId: 'tempat',
  content: 'isi berkas',
  kind: 'jenis data',
  token: 'tautan',
  code: 'kode',
  aliases: 'nama lain',
  to: 'tanggal akhir',
  q: 'kata pencarian',
  page: 'halaman',
  pageSize: 'jumlah per halaman',
  employeeId: 'ID pegawai',
};

const reasonText = {
  LAST_ADMINISTRATOR: () => 'Administrator aktif terakhir tidak dapat dinonaktifkan atau diturunkan levelnya.',
  ALREADY_ASSIGNED: (d) => `Teknisi ${d.staffId ?? 'ini'} sudah ditugaskan pada tiket ${d.trackingNo ?? 'ini'}; pilih teknisi lain.`,
  ALREADY_WITHDRAWN: () => 'Penugasan ini sudah ditarik sebelumnya; muat ulang halaman.',
  NO_REPORTER_PHONE: () => 'Tiket ini tidak punya nomor WhatsApp pelapor, jadi pesan tidak dapat dikirim.',
  GROUP_CHAT: () => 'Percakapan grup tidak dapat dijadikan pelapor; buat tiket dari chat pribadi pelapor.',
  SAME_ORIGIN_REQUIRED: () => 'Permintaan ditolak karena tidak berasal dari dasbor ini; muat ulang halaman.',
  // Merging tickets (issue 15 part 3).
  MERGE_SELF: () => 'Tiket tidak dapat digabungkan ke dirinya sendiri.',
  ALREADY_MERGED: () => 'Tiket ini sudah digabungkan ke tiket lain.',
  MERGE_CLOSED: (d) => `Tiket ${d.trackingNo ?? ''} sudah ditutup; hanya tiket yang masih terbuka yang dapat digabungkan.`,
  MERGE_INTO_MERGED: () => 'Tiket tujuan sudah digabungkan ke tiket lain; gabungkan ke tiket utamanya.',
  MERGE_CYCLE: () => 'Tiket tujuan sudah digabungkan ke tiket ini; penggabungan berputar tidak dapat dilakukan.',
  MERGE_HAS_ASSIGNMENTS: () => 'Tiket ini masih punya teknisi yang ditugaskan; tarik penugasannya dulu, lalu gabungkan.',
  TICKET_MERGED: () => 'Tiket ini sudah digabungkan ke tiket lain; tugaskan teknisi pada tiket utamanya.',
  link_expired: () => 'Tautan atur kata sandi sudah kedaluwarsa; minta tautan baru kepada Administrator.',
  link_used: () => 'Tautan atur kata sandi sudah dipakai; silakan masuk, atau minta tautan baru kepada Administrator.',
  link_replaced: () => 'Tautan ini sudah diganti dengan tautan yang lebih baru; pakai tautan terakhir dari Administrator.',
  staff_inactive: () => 'Petugas ini tidak aktif; aktifkan dulu di halaman Petugas.',
  staff_active: (d) =>
    `Nomor ini milik akun petugas ${d.staffId ?? ''} yang masih aktif; nonaktifkan dulu di halaman Petugas, lalu hapus datanya.`,
  import_stale: () => 'Data pegawai atau petugas berubah sejak pratinjau; buat pratinjau lagi lalu terapkan.',
};

const statusName = (s) => statusLabel[s] ?? s;
const list = (items) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} atau ${items[items.length - 1]}`);

function conflictText(details) {
  const { status, field } = details;
  if (field) return `Sudah terdaftar: ${fieldLabel[field] ?? field} ini sudah dipakai orang lain.`;
  if (typeof status === 'string' && statusLabel[status]) {
    // A refused move names the moves allowed from here; other conflicts only the current status.
    if (Array.isArray(details.allowed) && details.allowed.length)
      return `Status tiket sekarang ${statusName(status)}; dari status ini hanya dapat diubah ke ${list(details.allowed.map(statusName))}.`;
    return `Tidak dapat dilakukan karena status tiket sekarang ${statusName(status)}; muat ulang halaman lalu coba lagi.`;
  }
  if (typeof status === 'string') return `Tidak dapat dilakukan: keadaannya sekarang "${status}".`;
  return null;
}

/**
 * The sentence for `err`: an ApiError-shaped object ({ status, code, details }) or anything else
 * thrown (then a generic sentence: a script error's English message is not shown either).
 */
export function describeError(err) {
  const code = typeof err?.code === 'string' ? err.code : null;
  if (!code || typeof err.status !== 'number') return 'Terjadi kesalahan di halaman ini; muat ulang lalu coba lagi.';
  const details = err.details && typeof err.details === 'object' ? err.details : {};
  const reason = reasonText[details.reason];
  if (reason) return reason(details);
  const base = codeText[code];
  if (!base) return `Permintaan gagal (kode ${code}, HTTP ${err.status}).`;
  const field = details.field;
  if (code === 'VALIDATION_FAILED' && field) {
    if (fieldHint[field]) return `${base}: ${fieldHint[field]}.`;
    return `${base}: periksa isian ${fieldLabel[field] ?? field}.`;
  }
  if (code === 'CONFLICT') return conflictText(details) ?? `${base}.`;
  if (code === 'RATE_LIMITED' && details.retryAfterSeconds) return `${base}; coba lagi dalam ${details.retryAfterSeconds} detik.`;
  return `${base}.`;
}
