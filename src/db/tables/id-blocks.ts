/** The last id handed out for a table whose ids are reserved before its rows are written (migration 0016). */
interface IdBlocksTable {
  /** The table: `tickets`. */
  name: string;
  last_value: number;
}

export interface IdBlockTables {
  id_blocks: IdBlocksTable;
}
