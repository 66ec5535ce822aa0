import { createHash, randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Db } from '../../db/create-db';
import type { Database } from '../../db/database';
import { inTransaction } from '../../db/transaction';
import type { Work } from '../../db/unit-of-work';
import { AppError, conflict, notFound } from '../../errors';
import { auditEntry, type WriteContext } from '../audit/audit-context';
import { recordAudit } from '../audit/audit.repository';
import { bumpTokenVersion, findStaffById, setStaffPasswordHash } from '../staff/staff.repository';
import { hashPassword } from './password';
import { findLinkByHash, insertLinks, markLinkUsed, voidOpenLinks, type SetPasswordLinkRow } from './set-password-link.repository';

/**
 * One-time links with which a staff member chooses their own first password (staff imported in bulk,
 * or carried over from the old system, never get a default one). The token lives only in the URL
 * handed to the Administrator; the database keeps its sha256, so reading the table gives no sign-in.
 */

interface LinkOptions {
  createdBy: string | null;
  now: number;
  ttlMs: number;
  publicUrl: string;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

const linkUrl = (publicUrl: string, token: string) => `${publicUrl.replace(/\/+$/, '')}/#/sandi/${token}`;

/**
 * A fresh link for each staff member, in the caller's transaction; their earlier unused links stop
 * working. One batch of statements whatever the count (an import may hand out hundreds).
 */
export async function createSetPasswordLinks(
  trx: Transaction<Database>,
  staffIds: readonly string[],
  o: LinkOptions,
): Promise<Map<string, { url: string; expiresAt: number }>> {
  await voidOpenLinks(trx, staffIds, o.now);
  const expiresAt = o.now + o.ttlMs;
  const made = staffIds.map((staffId) => ({ staffId, token: randomBytes(32).toString('base64url') }));
  await insertLinks(
    trx,
    made.map((m) => ({ tokenHash: hashToken(m.token), staffId: m.staffId, expiresAt, createdBy: o.createdBy, createdAt: o.now })),
  );
  return new Map(made.map((m) => [m.staffId, { url: linkUrl(o.publicUrl, m.token), expiresAt }]));
}

/**
 * A one-time set-password link for one staff member (`${publicUrl}/#/sandi/<token>`), valid for `ttlMs`;
 * their earlier unused links are voided. Runs in the caller's transaction, which also writes its audit entry.
 */
export async function createSetPasswordLink(
  trx: Transaction<Database>,
  o: { staffId: string; createdBy: string | null; now: number; ttlMs: number; publicUrl: string },
): Promise<{ url: string; expiresAt: number }> {
  const links = await createSetPasswordLinks(trx, [o.staffId], o);
  return links.get(o.staffId)!;
}

/** Why a link no longer works, as a stable reason clients can branch on. */
type LinkReason = 'link_expired' | 'link_used' | 'link_replaced' | 'staff_inactive';

function reasonOf(link: SetPasswordLinkRow, now: number): LinkReason | null {
  if (link.usedAt !== null) return 'link_used';
  if (link.voidedAt !== null) return 'link_replaced';
  if (link.expiresAt <= now) return 'link_expired';
  return null;
}

const linkGone = (reason: LinkReason) => new AppError('CONFLICT', `set-password link cannot be used: ${reason}`, { reason });

async function usableLink(db: Db | Transaction<Database>, token: string, now: number): Promise<SetPasswordLinkRow> {
  const ex = 'kysely' in db ? db.kysely : db;
  const link = await findLinkByHash(ex, hashToken(token));
  if (!link) throw new AppError('NOT_FOUND', 'set-password link not found', { reason: 'link_unknown' });
  const reason = reasonOf(link, now);
  if (reason) throw linkGone(reason);
  return link;
}

/** Whose link this is, for the page to greet them; 404 unknown, 409 `{ reason }` expired, used, replaced or its owner inactive. */
export async function inspectSetPasswordLink(
  db: Db,
  token: string,
  now: number,
): Promise<{ name: string; username: string; expiresAt: number }> {
  const link = await usableLink(db, token, now);
  const staff = await findStaffById(db.kysely, link.staffId);
  if (!staff || !staff.active) throw linkGone('staff_inactive');
  return { name: staff.name, username: staff.username, expiresAt: link.expiresAt };
}

/**
 * Sets the password through the link, once: the link is marked used in the same transaction, so two
 * concurrent uses cannot both succeed. Earlier sessions end (token version), and the change is audited.
 */
export async function useSetPasswordLink(db: Db, token: string, password: string, ctx: WriteContext): Promise<{ username: string }> {
  const link = await usableLink(db, token, ctx.now);
  const hash = await hashPassword(password);
  return inTransaction(db, async (trx) => {
    const staff = await findStaffById(trx, link.staffId);
    if (!staff || !staff.active) throw linkGone('staff_inactive');
    if (!(await markLinkUsed(trx, link.id, ctx.now))) throw linkGone('link_used');
    await setStaffPasswordHash(trx, staff.id, hash, ctx.now);
    await bumpTokenVersion(trx, staff.id);
    const actor = { id: staff.id, name: staff.name };
    await recordAudit(
      trx,
      auditEntry(
        { ...ctx, actor },
        { action: 'auth.password_set_by_link', entity: 'staff', entityId: staff.id, after: { linkId: link.id } },
      ),
    );
    return { username: staff.username };
  });
}

/**
 * POST /api/staff/:id/set-password-link: a fresh link for a staff member (one who lost theirs, or
 * forgot their password), audited as `staff.set_password_link`; their earlier unused links stop working.
 */
export async function issueSetPasswordLink(
  work: Work,
  staffId: string,
  o: { ttlMs: number; publicUrl: string },
): Promise<{ staffId: string; url: string; expiresAt: number }> {
  return work.run(async (u) => {
    const staff = await findStaffById(u.trx, staffId.toUpperCase());
    if (!staff) throw notFound('staff member');
    if (!staff.active) throw conflict('staff member is inactive', { reason: 'staff_inactive' });
    const link = await createSetPasswordLink(u.trx, { staffId: staff.id, createdBy: u.actor?.id ?? null, now: u.now, ...o });
    await u.audit({ action: 'staff.set_password_link', entity: 'staff', entityId: staff.id, after: { expiresAt: link.expiresAt } });
    return { staffId: staff.id, ...link };
  });
}
