import mysql from 'mysql2/promise';
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
 * Reads the old tables from the old MySQL/MariaDB database, read-only. Only the columns the importer knows
 * are selected (a column the old database lacks reads as null; `tb_admin.password` is never selected), with
 * dates and times as the text the old server stored, so a zero or impossible date reaches the importer as it is.
 */
export async function readLegacyDatabase(url: string): Promise<LegacySnapshot> {
  const conn = await mysql.createConnection({ uri: url, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true });
  try {
    const [present] = await conn.query<mysql.RowDataPacket[]>(
      'select table_name as t, column_name as c from information_schema.columns where table_schema = database()',
    );
    const columnsOf = new Map<string, Set<string>>();
    for (const r of present) {
      const t = String(r.t).toLowerCase();
      if (!columnsOf.has(t)) columnsOf.set(t, new Set());
      columnsOf.get(t)!.add(String(r.c).toLowerCase());
    }
    const snapshot = {} as LegacySnapshot;
    for (const table of legacyTables) {
      snapshot[table] = await readTable(conn, table, columnsOf.get(table));
    }
    return snapshot;
  } finally {
    await conn.end().catch(() => conn.destroy());
  }
}

async function readTable(conn: mysql.Connection, table: LegacyTable, present: Set<string> | undefined): Promise<LegacyRow[]> {
  if (!present) return [];
  const wanted = legacyColumns[table].filter((c) => !unreadColumns[table]?.includes(c));
  const selected = wanted.filter((c) => present.has(c));
  if (selected.length === 0) return [];
  const [rows] = await conn.query<mysql.RowDataPacket[]>(`select ${selected.map((c) => `\`${c}\``).join(', ')} from \`${table}\``);
  return sortByKey(
    table,
    rows.map((r) => {
      const values: Record<string, string | null> = {};
      for (const c of wanted) values[c] = r[c] === null || r[c] === undefined ? null : String(r[c]);
      return { ref: rowRef(table, values), values };
    }),
  );
}
