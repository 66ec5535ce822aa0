import { readFile } from 'node:fs/promises';
import { excel, jszip } from '../../shared/heavy-modules';
import { resolveStoredFile } from '../media/media-storage';
import { extensionOf } from './personal-data-files';
import type { PersonalDataSummary, PersonPhoto } from './personal-data.model';
import type { ExportRecords } from './personal-data-export.repository';

/** The sheets of data.xlsx: one per list of the JSON, Indonesian names (the Administrator reads them). */
const SHEETS: [keyof ExportRecords, string][] = [
  ['tickets', 'Tiket'],
  ['history', 'Riwayat'],
  ['ratings', 'Penilaian'],
  ['inboundMessages', 'Pesan Masuk'],
  ['outboundMessages', 'Pesan Keluar'],
  ['following', 'Mengikuti'],
  ['duplicateOffers', 'Laporan Tertahan'],
  ['conversations', 'Kotak Masuk'],
  ['drafts', 'Draf'],
];

type Row = Record<string, unknown>;

/** Excel refuses a cell over 32,767 characters; data.json keeps the whole text. */
const CELL_MAX = 32_000;
const cell = (v: unknown) => (typeof v === 'string' && v.length > CELL_MAX ? `${v.slice(0, CELL_MAX)}…` : (v ?? null));

async function workbookOf(lists: Record<string, Row[]>): Promise<Buffer> {
  const ExcelJS = excel();
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(lists)) {
    const ws = wb.addWorksheet(name);
    const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
    ws.columns = keys.map((k) => ({ header: k, key: k, width: Math.min(60, Math.max(12, k.length + 2)) }));
    for (const r of rows) ws.addRow(Object.fromEntries(keys.map((k) => [k, cell(r[k])])));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * The ZIP of a person's data: `data.json` (everything, with the summary), `data.xlsx` (the same
 * lists as sheets) and `photos/<id>.<ext>` for every file still under MEDIA_DIR.
 */
export async function buildExportZip(o: {
  summary: PersonalDataSummary;
  records: ExportRecords;
  photos: PersonPhoto[];
  mediaDir: string;
  exportedAt: number;
}): Promise<Buffer> {
  const zip = new (jszip())();
  const photos: Row[] = [];
  for (const p of o.photos) {
    const full = p.storagePath ? resolveStoredFile(o.mediaDir, p.storagePath) : null;
    const bytes = full ? await readFile(full).catch(() => null) : null;
    const file = bytes ? `photos/${p.id}.${extensionOf(p.storagePath, p.contentType)}` : null;
    if (bytes && file) zip.file(file, bytes);
    photos.push({ id: p.id, contentType: p.contentType, createdAt: new Date(p.createdAt).toISOString(), file });
  }
  const data = {
    exportedAt: new Date(o.exportedAt).toISOString(),
    person: o.summary.person,
    employee: o.summary.employee,
    staff: o.summary.staff,
    counts: o.summary.counts,
    ...o.records,
    photos,
  };
  zip.file('data.json', JSON.stringify(data, null, 2));
  const lists: Record<string, Row[]> = Object.fromEntries(SHEETS.map(([key, name]) => [name, o.records[key] as Row[]]));
  lists['Foto'] = photos;
  zip.file('data.xlsx', await workbookOf(lists));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
