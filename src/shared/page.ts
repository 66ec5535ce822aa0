/** Which page of a list a caller wants, 1-based. The HTTP edge parses it (http/pagination.ts). */
export interface PageRequest {
  page: number;
  pageSize: number;
}

/** One page of a list and the total number of matching rows. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Rows to skip for a 1-based page. */
export function offsetOf(q: PageRequest): number {
  return (q.page - 1) * q.pageSize;
}
