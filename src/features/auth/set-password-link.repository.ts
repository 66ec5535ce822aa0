import type { Transaction } from 'kysely';
import type { Executor } from '../../db/create-db';
import type { Database } from '../../db/database';

export interface SetPasswordLinkRow {
  id: number;
  staffId: string;
  expiresAt: number;
  usedAt: number | null;
  voidedAt: number | null;
}

/** Marks every unused, unvoided link of these staff members as replaced. */
export async function voidOpenLinks(trx: Transaction<Database>, staffIds: readonly string[], now: number): Promise<void> {
  if (staffIds.length === 0) return;
  await trx
    .updateTable('set_password_links')
    .set({ voided_at: now })
    .where('staff_id', 'in', [...staffIds])
    .where('used_at', 'is', null)
    .where('voided_at', 'is', null)
    .execute();
}

export interface NewLink {
  tokenHash: string;
  staffId: string;
  expiresAt: number;
  createdBy: string | null;
  createdAt: number;
}

export async function insertLinks(trx: Transaction<Database>, links: readonly NewLink[]): Promise<void> {
  // A few hundred rows per statement keeps MySQL's placeholder limit far away.
  for (let i = 0; i < links.length; i += 500) {
    await trx
      .insertInto('set_password_links')
      .values(
        links.slice(i, i + 500).map((l) => ({
          token_hash: l.tokenHash,
          staff_id: l.staffId,
          expires_at: l.expiresAt,
          created_by: l.createdBy,
          created_at: l.createdAt,
        })),
      )
      .execute();
  }
}

export async function findLinkByHash(ex: Executor, tokenHash: string): Promise<SetPasswordLinkRow | undefined> {
  const r = await ex
    .selectFrom('set_password_links')
    .select(['id', 'staff_id', 'expires_at', 'used_at', 'voided_at'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return (
    r && {
      id: Number(r.id),
      staffId: r.staff_id,
      expiresAt: Number(r.expires_at),
      usedAt: r.used_at === null ? null : Number(r.used_at),
      voidedAt: r.voided_at === null ? null : Number(r.voided_at),
    }
  );
}

/** Uses the link once: false when another request used or voided it first. */
export async function markLinkUsed(trx: Transaction<Database>, id: number, now: number): Promise<boolean> {
  const result = await trx
    .updateTable('set_password_links')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('voided_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
