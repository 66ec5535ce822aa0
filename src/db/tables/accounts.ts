/** Tables of issue 16 part 1 — set-password links for imported staff. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AccountTables {}
