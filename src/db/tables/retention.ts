/** Tables of issue 16 parts 3 and 4 — retention runs and personal-data requests. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface RetentionTables {}
