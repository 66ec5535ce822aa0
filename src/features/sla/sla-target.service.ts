import { isUniqueViolation } from '../../db/db-errors';
import type { TicketPriority } from '../../db/database';
import type { Work } from '../../db/unit-of-work';
import { AppError, conflict, notFound } from '../../errors';
import {
  categoryExists,
  deleteTarget,
  findTargetById,
  findTargetRow,
  insertTarget,
  updateTarget,
  type SlaTargetRecord,
  type TargetMinutes,
} from './sla-target.repository';

const minutesOf = (t: TargetMinutes): TargetMinutes => ({
  assignMinutes: t.assignMinutes,
  startMinutes: t.startMinutes,
  finishMinutes: t.finishMinutes,
});

/**
 * PUT /api/sla-targets: sets the minutes of one category × priority (or of the default row when
 * `categoryId` is null), creating the row when the category had none. Audited as `sla_target.create`
 * or `sla_target.update`; nothing is written when nothing changes. Tickets already open keep the due
 * times they were given; the new minutes apply from their next recount.
 */
export async function putTarget(
  work: Work,
  t: TargetMinutes & { categoryId: number | null; priority: TicketPriority },
): Promise<{ target: SlaTargetRecord; created: boolean }> {
  try {
    return await work.run(async (u) => {
      if (t.categoryId !== null && !(await categoryExists(u.trx, t.categoryId))) {
        throw new AppError('VALIDATION_FAILED', `categoryId: no category ${t.categoryId}`, { field: 'categoryId' });
      }
      const before = await findTargetRow(u.trx, t.categoryId, t.priority);
      const after = minutesOf(t);
      if (before && JSON.stringify(minutesOf(before)) === JSON.stringify(after)) return { target: before, created: false };
      if (before) await updateTarget(u.trx, before.id, after, u.now);
      else await insertTarget(u.trx, t.categoryId, t.priority, after, u.now);
      const target = (await findTargetRow(u.trx, t.categoryId, t.priority))!;
      await u.audit({
        action: before ? 'sla_target.update' : 'sla_target.create',
        entity: 'sla_target',
        entityId: String(target.id),
        before: before && { categoryId: before.categoryId, priority: before.priority, ...minutesOf(before) },
        after: { categoryId: target.categoryId, priority: target.priority, ...after },
      });
      return { target, created: !before };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict('this category and priority got a target from another request at the same time; try again');
    throw err;
  }
}

/**
 * DELETE /api/sla-targets/:id: the category falls back to the default row again. The default rows
 * themselves stay (409): every ticket must find a target; "no target" is written as null minutes.
 */
export function removeTarget(work: Work, id: number): Promise<SlaTargetRecord> {
  return work.run(async (u) => {
    const before = await findTargetById(u.trx, id);
    if (!before) throw notFound(`SLA target ${id}`);
    if (before.categoryId === null) {
      throw conflict(`the default target of priority ${before.priority} cannot be deleted; set its minutes (null = no target) instead`, {
        reason: 'default-target',
      });
    }
    await deleteTarget(u.trx, id);
    await u.audit({
      action: 'sla_target.delete',
      entity: 'sla_target',
      entityId: String(id),
      before: { categoryId: before.categoryId, priority: before.priority, ...minutesOf(before) },
    });
    return before;
  });
}
