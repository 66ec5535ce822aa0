import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import {
  legacyColumns,
  legacyTables,
  rowRef,
  sortByKey,
  unreadColumns,
  type LegacyRow,
  type LegacySnapshot,
  type LegacyTable,
} from './legacy-schema';

/**
 * Reads phpMyAdmin CSV exports, one file per table, named after it (`tb_monitoring.csv`, or with the
 * database in front: `repo_layananbri_tb_monitoring.csv`). Both of phpMyAdmin's flavours: "CSV" (`,`) and
 * "CSV for MS Excel" (`;`, UTF-16 with a BOM from the Mac edition), fields quoted with `"` and escaped by doubling
 * it, `NULL` for SQL NULL, the header row optional (without it the columns are taken in the schema's order).
 * A table without a file is read as empty; the caller reports it.
 */
export function readLegacyCsvDirectory(dir: string): { snapshot: LegacySnapshot; missing: LegacyTable[] } {
  const files = readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.csv'));
  const snapshot = {} as LegacySnapshot;
  const missing: LegacyTable[] = [];
  for (const table of legacyTables) {
    const file = files.find((f) => new RegExp(`(^|[_-])${table}\\.csv$`, 'i').test(f));
    if (!file) {
      missing.push(table);
      snapshot[table] = [];
      continue;
    }
    snapshot[table] = readCsvTable(table, readFileSync(join(dir, file)));
  }
  return { snapshot, missing };
}

function decode(buf: Buffer): string {
  if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return buf.subarray(3).toString('utf8');
  return buf.toString('utf8');
}

/** The separator of the first line outside quotes: `;` (MS Excel flavour), tab, or `,`. */
function separatorOf(text: string): string {
  const counts: Record<string, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text.slice(0, 10_000)) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  return Object.entries(counts).sort((a, b) => b[1] - a[1])[0]![0];
}

function readCsvTable(table: LegacyTable, buf: Buffer): LegacyRow[] {
  const text = decode(buf);
  const records = parse(text, {
    delimiter: separatorOf(text),
    quote: '"',
    escape: '"',
    relax_column_count: true,
    skip_empty_lines: true,
  }) as string[][];
  const known: readonly string[] = legacyColumns[table];
  const first = records[0]?.map((c) => c.trim().toLowerCase()) ?? [];
  // A header names the key column and a few others; columns a campus added to its old tables are ignored.
  const hasHeader = first.includes(known[0]!) && first.filter((c) => known.includes(c)).length >= Math.min(3, known.length);
  const columns = hasHeader ? first : known;
  const skip = unreadColumns[table] ?? [];
  return sortByKey(
    table,
    records.slice(hasHeader ? 1 : 0).map((cells) => {
      const values: Record<string, string | null> = {};
      for (const c of known) {
        if (skip.includes(c)) continue;
        const i = columns.indexOf(c);
        const v = i >= 0 ? cells[i] : undefined;
        values[c] = v === undefined || v === 'NULL' ? null : v;
      }
      return { ref: rowRef(table, values), values };
    }),
  );
}
