import { excel } from '../../shared/heavy-modules';
import type { PeopleKind } from './people-columns';

const SHEETS: Record<PeopleKind, { name: string; columns: [string, number][]; rows: string[][] }> = {
  employees: {
    name: 'Pegawai',
    columns: [
      ['id', 14],
      ['nama', 28],
      ['no hp', 16],
      ['email', 26],
      ['departemen', 18],
      ['unit kerja', 18],
      ['status', 10],
      ['catatan', 30],
    ],
    rows: [['', 'Siti Rahma', '081234567890', 'siti@kampus.ac.id', 'Teknik Informatika', 'TIF', 'aktif', '']],
  },
  staff: {
    name: 'Staf',
    columns: [
      ['id', 10],
      ['nama', 28],
      ['level', 14],
      ['username', 16],
      ['no hp', 16],
      ['email', 26],
      ['deskripsi', 24],
      ['status', 10],
      ['catatan', 30],
    ],
    rows: [
      ['', 'Budi Santoso', 'TBO', 'budi', '081298765432', '', 'Teknisi listrik', 'aktif', ''],
      ['', 'Rina Wulandari', 'Staf', 'rina', '', 'rina@kampus.ac.id', 'Meja layanan', 'aktif', ''],
    ],
  },
};

/**
 * The template the page offers for a kind: the columns the import reads and an example row. The
 * phone column is text, so Excel keeps the leading 0 of `0812…`.
 */
export async function peopleTemplate(kind: PeopleKind): Promise<Buffer> {
  const spec = SHEETS[kind];
  const workbook = new (excel().Workbook)();
  const sheet = workbook.addWorksheet(spec.name);
  sheet.columns = spec.columns.map(([header, width]) => ({ header, key: header, width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getColumn('no hp').numFmt = '@';
  for (const row of spec.rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
