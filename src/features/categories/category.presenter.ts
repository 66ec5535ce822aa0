import { toIso } from '../../http/fields.schema';
import type { Category } from './category.model';
import type { CategoryView } from './category.schema';

/** The public shape of a category, field by field. */
export function presentCategory(c: Category): CategoryView {
  return {
    id: c.id,
    code: c.code,
    name: c.name,
    keywords: c.keywords,
    defaultPriority: c.defaultPriority,
    supervisorTarget: c.supervisorTarget,
    active: c.active,
    sortOrder: c.sortOrder,
    createdAt: toIso(c.createdAt),
    updatedAt: toIso(c.updatedAt),
  };
}
