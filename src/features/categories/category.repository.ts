import type { Selectable, Transaction } from 'kysely';
import type { Executor } from '../../db/create-db';
import type { Database, TicketPriority } from '../../db/database';
import type { CategoryRule } from './classify-complaint';
import type { Category } from './category.model';

type CategoryRow = Selectable<Database['categories']>;

/** Keywords are one comma-separated column: a keyword itself never holds a comma (the schema refuses one). */
const splitKeywords = (s: string): string[] =>
  s
    .split(',')
    .map((k) => k.trim())
    .filter((k) => k !== '');

const toCategory = (r: CategoryRow): Category => ({
  id: r.id,
  code: r.code,
  name: r.name,
  keywords: splitKeywords(r.keywords),
  defaultPriority: r.default_priority,
  supervisorTarget: r.supervisor_target,
  active: Number(r.active) === 1,
  sortOrder: Number(r.sort_order),
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

/** The active categories as classifier rules, in the order ties are broken by (a table of a few rows). */
export async function listCategoryRules(ex: Executor): Promise<CategoryRule[]> {
  const rows = await ex
    .selectFrom('categories')
    .select(['id', 'code', 'keywords', 'default_priority'])
    .where('active', '=', 1)
    .orderBy('sort_order')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ id: r.id, code: r.code, keywords: splitKeywords(r.keywords), defaultPriority: r.default_priority }));
}

/** Every category, active ones first, in their order. */
export async function listCategories(ex: Executor): Promise<Category[]> {
  const rows = await ex.selectFrom('categories').selectAll().orderBy('active', 'desc').orderBy('sort_order').orderBy('id').execute();
  return rows.map(toCategory);
}

export async function findCategoryById(ex: Executor, id: number): Promise<Category | null> {
  const r = await ex.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toCategory(r) : null;
}

export async function findCategoryByCode(ex: Executor, code: string): Promise<Category | null> {
  const r = await ex.selectFrom('categories').selectAll().where('code', '=', code).executeTakeFirst();
  return r ? toCategory(r) : null;
}

export interface CategoryFields {
  code: string;
  name: string;
  keywords: string[];
  defaultPriority: TicketPriority;
  supervisorTarget: string | null;
  active: boolean;
  sortOrder: number;
}

const toColumns = (f: Partial<CategoryFields>) => ({
  ...(f.code !== undefined && { code: f.code }),
  ...(f.name !== undefined && { name: f.name }),
  ...(f.keywords !== undefined && { keywords: f.keywords.join(',') }),
  ...(f.defaultPriority !== undefined && { default_priority: f.defaultPriority }),
  ...(f.supervisorTarget !== undefined && { supervisor_target: f.supervisorTarget }),
  ...(f.active !== undefined && { active: f.active ? 1 : 0 }),
  ...(f.sortOrder !== undefined && { sort_order: f.sortOrder }),
});

/** Inserts a category and returns its id (no RETURNING: MySQL lacks it). */
export async function insertCategory(trx: Transaction<Database>, f: CategoryFields, now: number): Promise<number> {
  await trx
    .insertInto('categories')
    .values({
      code: f.code,
      name: f.name,
      keywords: f.keywords.join(','),
      default_priority: f.defaultPriority,
      supervisor_target: f.supervisorTarget,
      active: f.active ? 1 : 0,
      sort_order: f.sortOrder,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return (await findCategoryByCode(trx, f.code))!.id;
}

export async function updateCategoryRow(trx: Transaction<Database>, id: number, f: Partial<CategoryFields>, now: number): Promise<void> {
  await trx
    .updateTable('categories')
    .set({ ...toColumns(f), updated_at: now })
    .where('id', '=', id)
    .execute();
}

/** The order a new category takes when none is given: after the last one. */
export async function nextSortOrder(ex: Executor): Promise<number> {
  const r = await ex
    .selectFrom('categories')
    .select((eb) => eb.fn.max('sort_order').as('max'))
    .executeTakeFirst();
  return Number(r?.max ?? 0) + 1;
}
