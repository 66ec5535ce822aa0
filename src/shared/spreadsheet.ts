import { parse } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { excel } from './heavy-modules';
import { AppError } from '../errors';

/**
 * Reading the sheets people type by hand at a faculty office: CSV (`,`, `;` as Excel writes it with
 * Indonesian settings, or tab; quotes; a BOM) or the first sheet of an XLSX workbook, as a grid of
 * trimmed strings, and matching its header row loosely (case, spacing, punctuation, Indonesian or English).
 */

export type SheetFormat = 'csv' | 'xlsx';

/** A grid of cells; `rows[i]` is spreadsheet row `i + 1`. Empty lines stay, so row numbers match the file. */
export type SheetGrid = string[][];

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** The format of a file: by its name when it says, else an XLSX is recognised by its ZIP signature. */
export function sheetFormatOf(content: Buffer, filename?: string | null): SheetFormat {
  const ext = filename?.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (ext === 'xlsx') return 'xlsx';
  if (ext === 'csv' || ext === 'txt' || ext === 'tsv') return 'csv';
  return content.subarray(0, 4).equals(ZIP_MAGIC) ? 'xlsx' : 'csv';
}

const unreadable = (what: string) => new AppError('VALIDATION_FAILED', `content: ${what}`, { field: 'content' });

/** The separator the first non-empty line uses most: `,`, `;` or tab. */
function separatorOf(text: string): string {
  const first = text.split(/\r\n|\n|\r/).find((l) => l.trim() !== '') ?? '';
  const count = (sep: string) => first.split(sep).length - 1;
  return [',', ';', '\t'].reduce((best, sep) => (count(sep) > count(best) ? sep : best), ',');
}

function csvGrid(content: Buffer): SheetGrid {
  const text = content.toString('utf8').replace(/^\uFEFF/, '');
  try {
    const records = parse(text, { delimiter: separatorOf(text), relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
    return (records as string[][]).map((r) => r.map((c) => c.trim()));
  } catch (err) {
    throw unreadable(`not a readable CSV file (${(err as Error).message})`);
  }
}

async function xlsxGrid(content: Buffer): Promise<SheetGrid> {
  const workbook = new (excel().Workbook)();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw unreadable('not a readable XLSX workbook');
  }
  const sheet = workbook.worksheets[0];
  const grid: SheetGrid = [];
  sheet?.eachRow({ includeEmpty: false }, (row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c)));
    grid[n - 1] = cells;
  });
  return Array.from(grid, (r) => r ?? []);
}

/** A cell as the person sees it; numbers as plain digits (a phone typed as a number is not `6.28e+11`). */
function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v).toString() : String(v);
  return (cell.text ?? '').trim();
}

/** The grid of a CSV or XLSX file; a 400 naming `content` when it cannot be read. */
export async function readSheet(content: Buffer, format: SheetFormat): Promise<SheetGrid> {
  return format === 'csv' ? csvGrid(content) : xlsxGrid(content);
}

/** A header as compared: lower case, without spaces, punctuation or diacritics ("No. HP" → "nohp"). */
export const squashHeader = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');

/** For each column a list of header spellings it answers to (squashed when compared). */
export type HeaderSynonyms<C extends string> = Record<C, readonly string[]>;

export interface HeaderMatch<C extends string> {
  /** Index in the grid of the header row (the first non-empty row). */
  headerIndex: number;
  /** For each column found, the index of its cell. The first header matching a column wins. */
  at: Partial<Record<C, number>>;
  /** Headers that matched no column, as written. */
  ignored: string[];
}

/** Matches the first non-empty row of `grid` against `synonyms`. */
export function matchHeaders<C extends string>(grid: SheetGrid, synonyms: HeaderSynonyms<C>): HeaderMatch<C> {
  const lookup = new Map<string, C>();
  for (const [column, names] of Object.entries(synonyms) as [C, readonly string[]][]) {
    for (const name of [column, ...names]) lookup.set(squashHeader(name), column);
  }
  const headerIndex = grid.findIndex((r) => r.some((c) => c !== ''));
  const at: Partial<Record<C, number>> = {};
  const ignored: string[] = [];
  (grid[headerIndex] ?? []).forEach((header, i) => {
    const column = lookup.get(squashHeader(header));
    if (column !== undefined && at[column] === undefined) at[column] = i;
    else if (header !== '') ignored.push(header);
  });
  return { headerIndex, at, ignored };
}

/** The data rows under the header with their spreadsheet row numbers; blank rows are skipped. */
export function dataRows(grid: SheetGrid, headerIndex: number): { row: number; cells: string[] }[] {
  const out: { row: number; cells: string[] }[] = [];
  for (let i = headerIndex + 1; i < grid.length; i++) {
    const cells = grid[i]!;
    if (cells.some((c) => c !== '')) out.push({ row: i + 1, cells });
  }
  return out;
}
