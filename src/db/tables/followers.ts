/** Tables of issue 15 part 3 — followers of a ticket, duplicate offers, merged tickets. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FollowerTables {}
