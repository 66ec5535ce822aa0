import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { emptyToUndefined, invalidConfiguration, optionalString } from './env.fields';
import type { RuntimeEnv } from './runtime.config';

/** Who may call the service: the webhook secret, admin tokens and accounts, browser origins. */
export const securityEnv = z.object({
  /** Shared secret expected as `?secret=` on webhook URLs. */
  WEBHOOK_SECRET: optionalString,
  /** HS256 key for admin access tokens; at least 32 characters; required in production. */
  JWT_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
  /** Lifetime of an admin access token, in minutes. */
  JWT_TTL_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60)
    .default(480),
  /** When no active Administrator exists at start, one is created with these credentials. */
  ADMIN_USERNAME: optionalString,
  ADMIN_PASSWORD: z.preprocess(emptyToUndefined, z.string().min(10, 'must be at least 10 characters').optional()),
  /** Comma-separated origins allowed to call /api from a browser; empty = same origin only. */
  CORS_ORIGINS: optionalString,
  /** How long a set-password link (imported staff, password resets by an Administrator) stays valid, in hours. */
  SET_PASSWORD_LINK_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(72),
});

type SecurityEnv = z.infer<typeof securityEnv> & Pick<RuntimeEnv, 'NODE_ENV'>;

export interface SecretSettings {
  readonly webhookSecret: string;
  /** True when the secret was generated for this development machine. */
  readonly webhookSecretGenerated: boolean;
  readonly jwt: { readonly secret: string; readonly ttlMinutes: number };
}

export interface AccessSettings {
  readonly bootstrapAdmin: { readonly username: string; readonly password: string } | undefined;
  readonly corsOrigins: readonly string[];
  /** Validity of a set-password link, in ms. */
  readonly setPasswordLinkMs: number;
}

/** Where a generated development secret is kept, so it survives restarts and `npm run chat` can read it. */
const DEV_SECRET_FILE = resolve('data', '.webhook-secret');
const DEV_JWT_SECRET_FILE = resolve('data', '.jwt-secret');

/** The two secrets: required in production, generated (and kept) in development, fixed in tests. */
export function secretSettings(e: SecurityEnv): SecretSettings {
  let secret = e.WEBHOOK_SECRET;
  let generated = false;
  if (!secret) {
    if (e.NODE_ENV === 'production') throw invalidConfiguration(['WEBHOOK_SECRET: required when NODE_ENV=production']);
    secret = e.NODE_ENV === 'test' ? 'test-secret' : readOrCreateDevSecret(DEV_SECRET_FILE, 24);
    generated = true;
  }
  let jwtSecret = e.JWT_SECRET;
  if (!jwtSecret) {
    if (e.NODE_ENV === 'production') {
      throw invalidConfiguration(['JWT_SECRET: required when NODE_ENV=production (at least 32 characters)']);
    }
    jwtSecret = e.NODE_ENV === 'test' ? 'test-jwt-secret-that-is-long-enough-0123' : readOrCreateDevSecret(DEV_JWT_SECRET_FILE, 32);
  }
  return {
    webhookSecret: secret,
    webhookSecretGenerated: generated,
    jwt: Object.freeze({ secret: jwtSecret, ttlMinutes: e.JWT_TTL_MINUTES }),
  };
}

/** The first Administrator (both variables or neither), browser origins and set-password links. */
export function accessSettings(e: SecurityEnv): AccessSettings {
  if ((e.ADMIN_USERNAME === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
    throw invalidConfiguration(['ADMIN_USERNAME, ADMIN_PASSWORD: set both or neither']);
  }
  return {
    bootstrapAdmin:
      e.ADMIN_USERNAME && e.ADMIN_PASSWORD ? Object.freeze({ username: e.ADMIN_USERNAME, password: e.ADMIN_PASSWORD }) : undefined,
    corsOrigins: Object.freeze(
      (e.CORS_ORIGINS ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
    setPasswordLinkMs: e.SET_PASSWORD_LINK_HOURS * 3600_000,
  };
}

/** Development only: a random secret kept under data/ so it survives restarts. */
function readOrCreateDevSecret(file: string, bytes: number): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(bytes).toString('hex');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
