import { excel } from '../../shared/heavy-modules';
import type { Writable } from 'node:stream';
import { neutralise } from '../tickets/ticket-export';
import type { RepeatFaultRow } from './repeat-fault.service';

const HEADERS = ['Tempat', 'Kode', 'Kategori', 'Jumlah laporan', 'Masih terbuka', 'Rata-rata selesai (jam)', 'Berulang', 'Nomor laporan'];
const WIDTHS = [40, 12, 20, 15, 14, 22, 10, 60];

/** The repeat-fault list as one sheet; names typed by the desk are neutralised like the ticket export's. */
export async function writeRepeatFaultsXlsx(out: Writable, rows: readonly RepeatFaultRow[]): Promise<void> {
  const workbook = new (excel().Workbook)();
  const sheet = workbook.addWorksheet('Kerusakan berulang');
  sheet.columns = HEADERS.map((header, i) => ({ header, width: WIDTHS[i] }));
  sheet.getRow(1).font = { bold: true };
  for (const r of rows)
    sheet.addRow([
      neutralise(r.placePath),
      neutralise(r.placeCode),
      neutralise(r.categoryName),
      r.count,
      r.open,
      r.meanFinishHours ?? '',
      r.repeat ? 'Ya' : 'Tidak',
      r.trackingNos.join(', '),
    ]);
  await workbook.xlsx.write(out);
}
