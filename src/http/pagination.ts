import { z } from 'zod';
import type { Page } from '../shared/page';

export { offsetOf, type Page } from '../shared/page';

/** `?page=&pageSize=` shared by every list route; pageSize is capped so one request cannot read a whole table. */
export const paginationQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export type PaginationQuery = z.infer<typeof paginationQuery>;

/** Builds the response body of a list route, presenting each item. */
export function toPage<T, R>(items: T[], total: number, q: PaginationQuery, present: (item: T) => R): Page<R> {
  return { items: items.map(present), total, page: q.page, pageSize: q.pageSize };
}

/** The OpenAPI/zod shape of a page of `item`. */
export function pageSchema<S extends z.ZodTypeAny>(item: S) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}
