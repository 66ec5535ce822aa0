/**
 * The old PHP system's tables as the importer reads them (reconstructed from the book:
 * docs/legacy-schema.md, test/fixtures/legacy/schema.sql). The column order is phpMyAdmin's, so a CSV
 * export without its header row is read by position. `tb_admin.password` is listed for that reason only:
 * its value is never read.
 */
export const legacyColumns = {
  tb_pegawai: ['id_pegawai', 'nama_pegawai', 'email', 'telepon', 'jurusan', 'bagian', 'status', 'keterangan'],
  tb_admin: ['id_admin', 'nama_admin', 'level', 'deskripsi', 'email', 'telepon', 'username', 'password', 'status', 'keterangan'],
  tb_monitoring: [
    'idm',
    'tanggal',
    'jam',
    'kategori',
    'pesan',
    'respon',
    'telepon',
    'id_pegawai',
    'id_track',
    'gambar',
    'status',
    'tag',
    'keterangan',
    'nama_pelapor',
    'profil_pelapor',
    'durasi',
  ],
  tb_track: ['id', 'idm', 'id_track', 'tanggal', 'jam', 'catatan'],
  tb_penugasan: ['idp', 'id_admin', 'tanggal', 'jam', 'idm', 'id_track', 'catatan', 'status'],
  tb_kerja: ['idn', 'tanggal', 'jam', 'pesan', 'respon', 'id_track', 'telepon', 'keterangan', 'gambar', 'id_admin'],
  tb_in: ['idn', 'tanggal', 'jam', 'pesan', 'respon', 'id_track', 'telepon', 'keterangan'],
} as const;

export type LegacyTable = keyof typeof legacyColumns;
export const legacyTables = Object.keys(legacyColumns) as LegacyTable[];

/** Columns never read from the old database, whatever the source. */
export const unreadColumns: Partial<Record<LegacyTable, readonly string[]>> = { tb_admin: ['password'] };

/** One old row: every value as text (null for SQL NULL), and where it came from for the report. */
export interface LegacyRow {
  /** `tb_monitoring idm=7` or `tb_monitoring.csv line 8`. */
  ref: string;
  values: Readonly<Record<string, string | null>>;
}

/** Everything read from one source, table by table. A table the source lacks is empty. */
export type LegacySnapshot = Record<LegacyTable, LegacyRow[]>;

/** The key column of each table, named in row references. */
const keyColumn: Record<LegacyTable, string> = {
  tb_pegawai: 'id_pegawai',
  tb_admin: 'id_admin',
  tb_monitoring: 'idm',
  tb_track: 'id',
  tb_penugasan: 'idp',
  tb_kerja: 'idn',
  tb_in: 'idn',
};

/** Rows in their key's order, numbers by value: the same order whichever source they came from. */
export function sortByKey(table: LegacyTable, rows: LegacyRow[]): LegacyRow[] {
  const key = keyColumn[table];
  const num = (v: string) => (/^\d+$/.test(v) ? Number(v) : NaN);
  return [...rows].sort((a, b) => {
    const x = a.values[key] ?? '';
    const y = b.values[key] ?? '';
    const nx = num(x);
    const ny = num(y);
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) return nx - ny;
    return x < y ? -1 : x > y ? 1 : 0;
  });
}

export const rowRef = (table: LegacyTable, values: Readonly<Record<string, string | null>>) =>
  `${table} ${keyColumn[table]}=${values[keyColumn[table]] ?? '?'}`;
