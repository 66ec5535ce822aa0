import type { Executor } from '../../db/create-db';
import { isUniqueViolation } from '../../db/db-errors';
import { oncePerTransaction } from '../../db/transaction-memo';
import type { Work } from '../../db/unit-of-work';
import { conflict, notFound } from '../../errors';
import { classifyComplaint, type Classification } from './classify-complaint';
import type { Category } from './category.model';
import { presentCategory } from './category.presenter';
import {
  findCategoryByCode,
  findCategoryById,
  insertCategory,
  listCategories,
  listCategoryRules,
  nextSortOrder,
  updateCategoryRow,
} from './category.repository';
import type { CategoryCreateInput, CategoryUpdateInput } from './category.schema';

/**
 * The category and priority a new ticket gets from its complaint: reads the active categories
 * (one query on a table of a few rows, once per transaction) and classifies. Null category when no
 * keyword matched.
 */
export async function classifyNewTicket(ex: Executor, complaint: string): Promise<Classification> {
  return classifyComplaint(complaint, await oncePerTransaction(ex, 'categoryRules', () => listCategoryRules(ex)));
}

/** GET /categories: every category, active ones first, in their order. */
export function allCategories(ex: Executor): Promise<Category[]> {
  return listCategories(ex);
}

const duplicateCode = (code: string) => conflict(`category code ${code} is already used`, { field: 'code' });

/** POST /categories, audited as `category.create`; a code already used is a 409. */
export async function createCategory(work: Work, input: CategoryCreateInput): Promise<Category> {
  return guardDuplicate(input.code, () =>
    work.run(async (u) => {
      if (await findCategoryByCode(u.trx, input.code)) throw duplicateCode(input.code);
      const id = await insertCategory(u.trx, { ...input, sortOrder: input.sortOrder ?? (await nextSortOrder(u.trx)) }, u.now);
      const created = (await findCategoryById(u.trx, id))!;
      await u.audit({ action: 'category.create', entity: 'category', entityId: String(id), after: presentCategory(created) });
      return created;
    }),
  );
}

/** PATCH /categories/:id, audited as `category.update` with before and after; `active: false` retires it. */
export async function updateCategory(work: Work, id: number, patch: CategoryUpdateInput): Promise<Category> {
  return guardDuplicate(patch.code, () =>
    work.run(async (u) => {
      const before = await findCategoryById(u.trx, id);
      if (!before) throw notFound(`category ${id}`);
      if (patch.code !== undefined && patch.code !== before.code && (await findCategoryByCode(u.trx, patch.code))) {
        throw duplicateCode(patch.code);
      }
      await updateCategoryRow(u.trx, id, patch, u.now);
      const after = (await findCategoryById(u.trx, id))!;
      await u.audit({
        action: 'category.update',
        entity: 'category',
        entityId: String(id),
        before: presentCategory(before),
        after: presentCategory(after),
      });
      return after;
    }),
  );
}

/** Two requests adding the same code at once: the unique key refuses the second, which is a 409 too. */
async function guardDuplicate<T>(code: string | undefined, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (code !== undefined && isUniqueViolation(err)) throw duplicateCode(code);
    throw err;
  }
}
