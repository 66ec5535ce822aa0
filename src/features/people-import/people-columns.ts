import type { StaffLevel } from '../../db/database';
import { normalizePhone } from '../../shared/phone';
import { squashHeader, type HeaderSynonyms } from '../../shared/spreadsheet';

/**
 * The columns of a people sheet and how a cell becomes a value. Headers are matched loosely in
 * Indonesian and English ("No. HP", "nomor whatsapp", "Phone" are all the phone); values too
 * ("teknisi" is TBO, "nonaktif" is inactive).
 */

export type PeopleKind = 'employees' | 'staff';

export type Column = 'id' | 'name' | 'phone' | 'email' | 'department' | 'unit' | 'level' | 'description' | 'username' | 'status' | 'notes';

const PHONE = [
  'no hp',
  'nomor hp',
  'hp',
  'handphone',
  'no telp',
  'no telepon',
  'nomor telepon',
  'telepon',
  'telp',
  'whatsapp',
  'no wa',
  'nomor wa',
  'wa',
  'no whatsapp',
  'nomor whatsapp',
  'phone number',
  'mobile',
  'mobile phone',
];

const COMMON = {
  id: ['id pegawai', 'id staf', 'kode pegawai', 'employee id', 'staff id'],
  name: ['nama', 'nama lengkap', 'full name', 'nama pegawai', 'nama staf'],
  phone: PHONE,
  email: ['e-mail', 'surel', 'alamat email', 'email address'],
  status: ['aktif', 'status aktif', 'active'],
};

/** The header spellings each column answers to, per kind. */
export const COLUMNS: Record<PeopleKind, HeaderSynonyms<Column>> = {
  employees: {
    ...COMMON,
    department: ['departemen', 'jurusan', 'fakultas', 'dept', 'program studi', 'prodi'],
    unit: ['unit kerja', 'bagian', 'satuan kerja', 'satker', 'work unit'],
    notes: ['catatan', 'keterangan', 'note', 'remarks'],
    level: [],
    description: [],
    username: [],
  },
  staff: {
    ...COMMON,
    level: ['peran', 'role', 'tingkat', 'hak akses', 'akses', 'jenis akun'],
    description: ['deskripsi', 'keterangan', 'jabatan', 'tugas'],
    username: ['nama pengguna', 'user', 'user name', 'login', 'akun'],
    notes: ['catatan', 'note', 'remarks'],
    department: [],
    unit: [],
  },
};

/** The columns a kind reads; the rest of `Column` stays empty for it. */
export const COLUMNS_OF: Record<PeopleKind, readonly Column[]> = {
  employees: ['id', 'name', 'phone', 'email', 'department', 'unit', 'status', 'notes'],
  staff: ['id', 'name', 'level', 'description', 'email', 'phone', 'username', 'status', 'notes'],
};

/** Columns a file must have: without them no row can be matched or created. */
export const REQUIRED: Record<PeopleKind, readonly Column[]> = {
  employees: ['name', 'phone'],
  staff: ['name', 'level', 'username'],
};

const LEVELS: Record<string, StaffLevel> = {
  administrator: 'Administrator',
  admin: 'Administrator',
  administrasi: 'Staf',
  staf: 'Staf',
  staff: 'Staf',
  petugas: 'Staf',
  tbo: 'TBO',
  teknisi: 'TBO',
  technician: 'TBO',
};

export const levelOf = (s: string): StaffLevel | undefined => LEVELS[squashHeader(s)];

const STATUSES: Record<string, boolean> = {
  aktif: true,
  active: true,
  ya: true,
  yes: true,
  y: true,
  '1': true,
  nonaktif: false,
  tidakaktif: false,
  inactive: false,
  tidak: false,
  no: false,
  n: false,
  '0': false,
};

export const activeOf = (s: string): boolean | undefined => STATUSES[squashHeader(s)];

/**
 * A phone as stored everywhere (`62…`). A cell Excel kept as a number has lost its leading 0
 * (`81234567890`): a number that starts with 8 and is too short to carry a country code is one of those.
 */
export function phoneOf(s: string): string | undefined {
  const digits = s.replace(/\D/g, '');
  const phone = /^8\d{7,11}$/.test(digits) && !/^\s*\+/.test(s) ? `62${digits}` : normalizePhone(s);
  return /^\d{8,15}$/.test(phone) ? phone : undefined;
}

export const ID = /^[A-Za-z0-9._-]{1,20}$/;
export const USERNAME = /^[a-z0-9._-]{3,64}$/;
export const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A unit as compared: "Unit TIF", "unit  tif" and "UNIT-TIF" are one unit. */
export const unitKey = (s: string) => squashHeader(s);
