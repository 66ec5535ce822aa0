import { z } from 'zod';

/** An empty or blank variable counts as unset, as `.env` files write `NAME=` for "not set". */
export const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
export const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());

/** Boot stops with this: its message names every bad variable, one per line. */
export class ConfigError extends Error {}

/** The ConfigError for `lines` (each `NAME: what is wrong`), in the one format boot prints. */
export function invalidConfiguration(lines: readonly string[]): ConfigError {
  return new ConfigError(`Invalid configuration:\n${lines.map((l) => `  ${l}`).join('\n')}`);
}
