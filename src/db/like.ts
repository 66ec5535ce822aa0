import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';

/*
 * LIKE with the user's `%` and `_` taken literally. The escape character is `!` because
 * a backslash means different things in MySQL and SQLite string literals. Case-insensitive
 * on both: SQLite's LIKE folds ASCII, and the MySQL columns use a `_ci` collation.
 */
const escapeLike = (text: string) => text.replace(/[!%_]/g, (c) => `!${c}`);

/** `column LIKE '%text%'`. */
export function containsText(column: Expression<unknown>, text: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${column} like ${`%${escapeLike(text)}%`} escape '!'`;
}

/** `column LIKE 'text%'`: can use the column's index. */
export function startsWithText(column: Expression<unknown>, text: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${column} like ${`${escapeLike(text)}%`} escape '!'`;
}
