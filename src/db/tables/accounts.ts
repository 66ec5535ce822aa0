import type { Generated } from 'kysely';

/** A one-time link a staff member uses to choose their first password; only the token's sha256 is kept. */
interface SetPasswordLinksTable {
  id: Generated<number>;
  /** Hex sha256 of the token in the URL. */
  token_hash: string;
  staff_id: string;
  expires_at: number;
  /** When the link set a password; a used link never works again. */
  used_at: number | null;
  /** When a newer link for the same staff member replaced this unused one. */
  voided_at: number | null;
  /** The Administrator who issued it; null for the command line and the legacy importer. */
  created_by: string | null;
  created_at: number;
}

/** Tables of issue 16 part 1 — set-password links for imported staff. */
export interface AccountTables {
  set_password_links: SetPasswordLinksTable;
}
