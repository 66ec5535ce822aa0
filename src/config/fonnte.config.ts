import { z } from 'zod';
import { normalizePhone } from '../shared/phone';
import { invalidConfiguration, optionalString } from './env.fields';

/** The WhatsApp gateway (Fonnte) and the outbox that sends through it. */
export const fonnteEnv = z.object({
  /** Fonnte device token; empty means dry-run: replies are stored and logged, never sent. */
  FONNTE_TOKEN: optionalString,
  /** Fonnte base URL; replies are POSTed to `${FONNTE_API_URL}/send`. */
  FONNTE_API_URL: z.string().url().default('https://api.fonnte.com'),
  /** Our WhatsApp number; when set, webhooks for another device are ignored. */
  FONNTE_DEVICE: optionalString,
  /** A reply is given up (dead) only after this many attempts AND OUTBOX_RETRY_HOURS. */
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(10),
  /**
   * Sends to Fonnte in flight at start, per process. The limit then adapts: one more per successful
   * send while replies wait (Fonnte answers in 0.2–1 s, so in-flight sends bound replies per second),
   * halved on a timeout, 5xx or status:false (down to 1 while the gateway keeps failing; back to this
   * value within a few round trips once it recovers).
   */
  OUTBOX_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  /** The most sends to Fonnte in flight per process however well it answers; at least OUTBOX_CONCURRENCY. */
  OUTBOX_MAX_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(128),
  /** How long a failing reply keeps being retried, so a gateway outage of hours loses nothing. */
  OUTBOX_RETRY_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 14)
    .default(24),
});

export interface FonnteSettings {
  readonly fonnte: {
    readonly token: string | undefined;
    readonly apiUrl: string;
    readonly device: string | undefined;
    readonly dryRun: boolean;
  };
  readonly outboxMaxAttempts: number;
  /** Sends in flight at start, and the level the adaptive limit regains quickly after failures (see SendConcurrency). */
  readonly outboxConcurrency: number;
  /** The adaptive limit's ceiling, and the Fonnte client's keep-alive sockets. */
  readonly outboxMaxConcurrency: number;
  readonly outboxRetryWindowMs: number;
}

/** Throws ConfigError when OUTBOX_MAX_CONCURRENCY is below OUTBOX_CONCURRENCY. */
export function fonnteSettings(e: z.infer<typeof fonnteEnv>): FonnteSettings {
  if (e.OUTBOX_MAX_CONCURRENCY < e.OUTBOX_CONCURRENCY) {
    throw invalidConfiguration([
      `OUTBOX_MAX_CONCURRENCY: must be at least OUTBOX_CONCURRENCY (${e.OUTBOX_CONCURRENCY}), got ${e.OUTBOX_MAX_CONCURRENCY}`,
    ]);
  }
  const phone = e.FONNTE_DEVICE;
  return {
    fonnte: Object.freeze({
      token: e.FONNTE_TOKEN,
      apiUrl: e.FONNTE_API_URL.replace(/\/+$/, ''),
      device: phone ? normalizePhone(phone) || undefined : undefined,
      dryRun: !e.FONNTE_TOKEN,
    }),
    outboxMaxAttempts: e.OUTBOX_MAX_ATTEMPTS,
    outboxConcurrency: e.OUTBOX_CONCURRENCY,
    outboxMaxConcurrency: e.OUTBOX_MAX_CONCURRENCY,
    outboxRetryWindowMs: e.OUTBOX_RETRY_HOURS * 3600_000,
  };
}
