import { excel } from '../../shared/heavy-modules';
import { AppError } from '../../errors';
import { dataRows, matchHeaders, readSheet, squashHeader, type HeaderSynonyms, type SheetFormat } from '../../shared/spreadsheet';
import { ALLOWED_PARENTS, type Place, type PlaceKind } from './place.model';
import type { PlaceFields } from './place.repository';

/**
 * Reading a list of places from a spreadsheet: CSV text or an XLSX workbook (its first sheet). The
 * header row names the columns, matched loosely (Indonesian or English, any case and spacing), so a
 * sheet typed by hand at a faculty office reads as well as our own template.
 */

type Column = 'code' | 'name' | 'kind' | 'parent' | 'aliases';

const HEADERS: HeaderSynonyms<Column> = {
  code: ['kode'],
  name: ['nama'],
  kind: ['jenis', 'tipe', 'type'],
  parent: ['induk', 'kode induk', 'parent code'],
  aliases: ['alias', 'nama lain'],
};

const KINDS: Record<string, PlaceKind> = {
  gedung: 'building',
  building: 'building',
  lantai: 'floor',
  floor: 'floor',
  ruang: 'room',
  ruangan: 'room',
  room: 'room',
};

/** One data row as the file wrote it; `row` is its spreadsheet row (the header is row 1). */
export interface ImportRow {
  row: number;
  code: string;
  name: string;
  kind: string;
  parent: string;
  /** Null when the file has no alias column: the aliases a place has are then kept. */
  aliases: string[] | null;
}

/** The file's data rows, or a 400 naming `content` when it has no code column. */
export async function readImportRows(format: SheetFormat, content: string): Promise<ImportRow[]> {
  const grid = await readSheet(format === 'csv' ? Buffer.from(content, 'utf8') : Buffer.from(content, 'base64'), format);
  const { headerIndex, at } = matchHeaders(grid, HEADERS);
  if (at.code === undefined) {
    throw new AppError('VALIDATION_FAILED', 'content: no code column (kode/code) in the first row', { field: 'content' });
  }
  return dataRows(grid, headerIndex).map(({ row, cells }) => {
    const get = (col: Column) => {
      const i = at[col];
      return i === undefined ? '' : (cells[i] ?? '');
    };
    return {
      row,
      code: get('code'),
      name: get('name'),
      kind: get('kind'),
      parent: get('parent'),
      aliases: at.aliases === undefined ? null : splitAliases(get('aliases')),
    };
  });
}

const splitAliases = (s: string) =>
  s
    .split(/[;,\n]/)
    .map((a) => a.trim())
    .filter((a, i, all) => a !== '' && all.findIndex((b) => b.toLowerCase() === a.toLowerCase()) === i);

type ImportOutcome = 'created' | 'updated' | 'unchanged' | 'refused';

export interface ImportRowReport {
  row: number;
  code: string;
  outcome: ImportOutcome;
  /** Why the row was refused, in Indonesian for the desk; null otherwise. */
  reason: string | null;
}

/** A write the import will make, in file order so a parent is written before its children. */
export type ImportAction =
  | { op: 'create'; fields: Omit<PlaceFields, 'parentId'>; parentCode: string | null }
  | { op: 'update'; id: number; fields: Partial<Omit<PlaceFields, 'parentId'>>; parentCode: string | null };

const KIND_WORD: Record<PlaceKind, string> = { building: 'gedung', floor: 'lantai', room: 'ruang' };
const CODE = /^[A-Z0-9.-]{1,32}$/;

function parentReason(kind: PlaceKind, parentKind: PlaceKind | null): string | null {
  const allowed = ALLOWED_PARENTS[kind];
  if (parentKind === null)
    return allowed.length === 0 ? null : `Jenis ${KIND_WORD[kind]} perlu induk (${allowed.map((k) => KIND_WORD[k]).join(' atau ')}).`;
  if (allowed.length === 0) return 'Gedung tidak boleh punya induk.';
  return allowed.includes(parentKind) ? null : `Jenis ${KIND_WORD[kind]} tidak boleh berada di bawah ${KIND_WORD[parentKind]}.`;
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * What importing `rows` over the `existing` places does, row by row, without writing: a parent may be an
 * existing place or one defined on an earlier row of the file. Importing the same file twice plans nothing.
 */
export function planImport(rows: ImportRow[], existing: Place[]): { report: ImportRowReport[]; actions: ImportAction[] } {
  const byCode = new Map(existing.map((p) => [p.code, p]));
  const fromFile = new Map<string, { row: number; kind: PlaceKind }>();
  const seen = new Map<string, number>();
  const report: ImportRowReport[] = [];
  const actions: ImportAction[] = [];

  for (const r of rows) {
    const code = r.code.toUpperCase();
    const refuse = (reason: string) => report.push({ row: r.row, code, outcome: 'refused', reason });
    const current = byCode.get(code);
    const kind = r.kind === '' ? current?.kind : KINDS[squashHeader(r.kind)];
    const name = r.name === '' ? current?.name : r.name;
    const parentCode = r.parent.toUpperCase() || null;
    const parentKind = parentCode === null ? null : (fromFile.get(parentCode)?.kind ?? byCode.get(parentCode)?.kind);

    if (code === '') refuse('Kode kosong.');
    else if (!CODE.test(code)) refuse(`Kode "${r.code}" tidak sah: hanya huruf, angka, "." dan "-", paling panjang 32.`);
    else if (seen.has(code)) refuse(`Kode ${code} sudah ada di baris ${seen.get(code)} berkas ini.`);
    else if (!kind)
      refuse(r.kind === '' ? 'Jenis kosong (gedung, lantai atau ruang).' : `Jenis "${r.kind}" tidak dikenal (gedung, lantai atau ruang).`);
    else if (!name) refuse('Nama kosong.');
    else if (name.length > 200) refuse('Nama lebih dari 200 huruf.');
    else if (r.aliases?.some((a) => a.length > 100)) refuse('Ada alias lebih dari 100 huruf.');
    else if (parentCode === code) refuse('Tempat tidak boleh menjadi induknya sendiri.');
    else if (parentCode !== null && parentKind === undefined)
      refuse(`Induk ${parentCode} tidak ditemukan (belum ada, dan tidak ditulis di baris sebelumnya).`);
    else if (current && current.kind !== kind)
      refuse(`Jenis ${current.code} tidak bisa diubah lewat impor (sekarang ${KIND_WORD[current.kind]}).`);
    else {
      const reason = parentReason(kind, parentKind ?? null);
      if (reason) {
        refuse(reason);
        continue;
      }
      seen.set(code, r.row);
      fromFile.set(code, { row: r.row, kind });
      if (!current) {
        actions.push({ op: 'create', fields: { kind, code, name, aliases: r.aliases ?? [], active: true }, parentCode });
        report.push({ row: r.row, code, outcome: 'created', reason: null });
        continue;
      }
      const parentId = parentCode === null ? null : (byCode.get(parentCode)?.id ?? -1);
      const aliases = r.aliases ?? current.aliases;
      if (name === current.name && parentId === current.parentId && sameList(aliases, current.aliases)) {
        report.push({ row: r.row, code, outcome: 'unchanged', reason: null });
        continue;
      }
      actions.push({ op: 'update', id: current.id, fields: { name, aliases }, parentCode });
      report.push({ row: r.row, code, outcome: 'updated', reason: null });
    }
  }
  return { report, actions };
}

/** The template the page offers: the columns, a building and a room in it. */
export async function importTemplate(): Promise<Buffer> {
  const workbook = new (excel().Workbook)();
  const sheet = workbook.addWorksheet('Tempat');
  sheet.columns = [
    { header: 'kode', key: 'code', width: 14 },
    { header: 'nama', key: 'name', width: 28 },
    { header: 'jenis', key: 'kind', width: 10 },
    { header: 'induk', key: 'parent', width: 12 },
    { header: 'alias', key: 'aliases', width: 36 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.addRow({ code: 'GB', name: 'Gedung B', kind: 'gedung', parent: '', aliases: 'gedung biru' });
  sheet.addRow({ code: 'R-3.2', name: 'Ruang 3.2', kind: 'ruang', parent: 'GB', aliases: 'kelas 3.2; ruang 3.2' });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
