import type { Generated } from 'kysely';

/** One real run of the retention rules (a dry run writes nothing): when, and how many rows each rule changed. */
interface RetentionRunsTable {
  id: Generated<number>;
  /** `job` (the daily background run), `cli` (`wa-ticketing retention`). */
  trigger: string;
  started_at: number;
  finished_at: number | null;
  /** The periods in force for this run, 0 = rule off. */
  media_months: number;
  messages_months: number;
  anonymise_years: number;
  media_removed: number;
  inbound_cleared: number;
  outbound_cleared: number;
  tickets_anonymised: number;
  /** Inbox previews and finished drafts emptied with the messages. */
  inbox_cleared: number;
  /** Why the run stopped early; null when it finished. */
  error: string | null;
}

/** Tables of issue 16 parts 3 and 4 — retention runs and personal-data requests. */
export interface RetentionTables {
  retention_runs: RetentionRunsTable;
}

/**
 * The marker columns migration 0014 adds to older tables. They are not part of `Database` (its
 * tables are declared elsewhere): the retention and personal-data repositories see them through
 * `executor.withTables<RetentionColumns>()`; nobody else needs them.
 */
export type RetentionColumns = {
  /** When the reporter was anonymised (name "Pelapor dihapus", phone and chat id ''). */
  tickets: { anonymised_at: number | null };
  /** When body and raw payload were cleared. */
  inbound_messages: { cleared_at: number | null };
  /** When the body was cleared. */
  outbound_messages: { cleared_at: number | null };
  /** When the file was deleted from MEDIA_DIR (storage_path is then null; the row stays for counts). */
  media: { removed_at: number | null };
};
