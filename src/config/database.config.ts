import { resolve } from 'node:path';
import { z } from 'zod';
import { invalidConfiguration } from './env.fields';
import { mediaEnv } from './media.config';
import { runtimeEnv, type RuntimeEnv } from './runtime.config';

/** The database the service keeps everything in. */
export const databaseEnv = z.object({
  /** `mysql://user:pass@host:3306/db` or `sqlite:<path>` (`sqlite::memory:` for tests). */
  DATABASE_URL: z
    .string()
    .default('sqlite:./data/wa-ticketing.db')
    .refine((v) => /^(mysql|mariadb):\/\//.test(v) || v.startsWith('sqlite:'), {
      message: 'must start with mysql:// or sqlite:',
    }),
  /** Connections in the MySQL pool. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
});

type DatabaseEnv = z.infer<typeof databaseEnv>;

export interface DatabaseSettings {
  readonly databaseUrl: string;
  readonly databasePoolSize: number;
}

export function databaseSettings(e: DatabaseEnv): DatabaseSettings {
  return { databaseUrl: e.DATABASE_URL, databasePoolSize: e.DATABASE_POOL_SIZE };
}

/** The database settings alone, for operator commands that must not need the service's secrets. */
export interface DatabaseConfig {
  readonly env: RuntimeEnv['NODE_ENV'];
  readonly databaseUrl: string;
  readonly databasePoolSize: number;
  /** Photos: `backup --media` and `restore --media` copy them. */
  readonly mediaDir: string;
}

/** The variables loadDatabaseConfig reads, in the order the full schema has them. */
const databaseOnlyEnv = runtimeEnv
  .pick({ NODE_ENV: true })
  .extend(databaseEnv.shape)
  .extend(mediaEnv.pick({ MEDIA_DIR: true }).shape);

/** `wa-ticketing migrate`, `admin create|reset`, `backup` and `restore` read only these variables. */
export function loadDatabaseConfig(source: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const parsed = databaseOnlyEnv.safeParse(source);
  if (!parsed.success) throw invalidConfiguration(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const e = parsed.data;
  return Object.freeze({
    env: e.NODE_ENV,
    ...databaseSettings(e),
    mediaDir: resolve(e.MEDIA_DIR),
  });
}
