import { randomBytes } from 'node:crypto';
import { hash, parseOptions, verify } from '@node-rs/argon2';

/**
 * argon2id with OWASP's baseline parameters (19 MiB, 2 passes, 1 lane): about 50 ms here,
 * strong enough for a staff directory and cheap enough that the login limiter, not the
 * server's memory, is what stops a flood of login attempts.
 */
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
// @node-rs/argon2's default algorithm; its `Algorithm` is a const enum, which isolated modules cannot import.
const ARGON2ID = 2;

export const MIN_PASSWORD_LENGTH = 10;

/** An argon2id PHC string (`$argon2id$v=19$…`) with its own random salt. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** False for a wrong password and for anything that is not a hash we can read. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * A hash of a random password nobody knows, made with the same parameters as real ones.
 * Verifying against it when a username does not exist (or has no password) makes that
 * answer take as long as a wrong password for a real user.
 */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(32).toString('base64url'));
  return dummy;
}

/**
 * Verifies `password` against `hash`, or against the dummy hash when there is none,
 * so both paths cost one argon2 verification.
 */
export async function verifyOrWaste(hash: string | null | undefined, password: string): Promise<boolean> {
  if (!hash) {
    await verifyPassword(await dummyHash(), password);
    return false;
  }
  return verifyPassword(hash, password);
}

/** True when `hash` was made with other parameters than today's and should be made again. */
export function needsRehash(stored: string): boolean {
  try {
    const used = parseOptions(stored);
    return (
      used.algorithm !== ARGON2ID ||
      used.memoryCost !== OPTIONS.memoryCost ||
      used.timeCost !== OPTIONS.timeCost ||
      used.parallelism !== OPTIONS.parallelism
    );
  } catch {
    return false;
  }
}
