import type { Generated } from 'kysely';

/** One real run of `wa-ticketing import legacy` (a dry run writes nothing). */
interface LegacyRunsTable {
  id: Generated<number>;
  /** `mysql://host/db` (no password) or the CSV directory. */
  source: string;
  options_json: string;
  /** The run's counts per entity; null until it finished. */
  counts_json: string | null;
  started_at: number;
  /** Null while running, or when the run was stopped midway. */
  finished_at: number | null;
}

/** An old row that was carried over: (entity, its key in the old database) → the new row's id. */
interface LegacyKeysTable {
  /** `employee`, `staff`, `ticket`, `track`, `assignment`, `work`. */
  entity: string;
  legacy_key: string;
  new_id: string;
  run_id: number;
  created_at: number;
}

/** Tables of issue 16 part 2 — what the legacy importer carried over, for resume and idempotence. */
export interface LegacyTables {
  legacy_runs: LegacyRunsTable;
  legacy_keys: LegacyKeysTable;
}
