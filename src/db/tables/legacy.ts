/** Tables of issue 16 part 2 — what the legacy importer carried over, for resume and idempotence. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface LegacyTables {}
