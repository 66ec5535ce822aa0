import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { normalizePhone } from './shared/phone';
import { parseWorkWeek, type WorkWeek } from './shared/work-week';

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalString = z.preprocess(emptyToUndefined, z.string().trim().optional());

/**
 * Every environment variable the service reads, validated once at boot.
 * `.env.example` and the README's configuration table document the same list.
 */
const envSchema = z.object({
  /** development | production | test: production makes WEBHOOK_SECRET mandatory and turns demo data off. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** HTTP port. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** `mysql://user:pass@host:3306/db` or `sqlite:<path>` (`sqlite::memory:` for tests). */
  DATABASE_URL: z
    .string()
    .default('sqlite:./data/wa-ticketing.db')
    .refine((v) => /^(mysql|mariadb):\/\//.test(v) || v.startsWith('sqlite:'), {
      message: 'must start with mysql:// or sqlite:',
    }),
  /** Connections in the MySQL pool. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Fonnte device token; empty means dry-run: replies are stored and logged, never sent. */
  FONNTE_TOKEN: optionalString,
  /** Fonnte base URL; replies are POSTed to `${FONNTE_API_URL}/send`. */
  FONNTE_API_URL: z.string().url().default('https://api.fonnte.com'),
  /** Our WhatsApp number; when set, webhooks for another device are ignored. */
  FONNTE_DEVICE: optionalString,
  /** Shared secret expected as `?secret=` on webhook URLs. */
  WEBHOOK_SECRET: optionalString,
  /** Public base URL of this service (https://helpdesk.kampus.ac.id): printed as the dashboard and webhook address; a warning in production when unset. */
  PUBLIC_URL: optionalString,
  /** Tracking number prefix: BRT2409001. */
  TICKET_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{1,8}$/, 'letters only, 1 to 8 of them')
    .default('BRT')
    .transform((v) => v.toUpperCase()),
  /** Zone for every date and time shown to people. */
  APP_TIMEZONE: z.string().default('Asia/Jakarta').refine(isValidTimeZone, { message: 'must be an IANA time zone such as Asia/Jakarta' }),
  /** accept: a ticket under the WhatsApp display name; reject: a polite refusal. */
  UNKNOWN_SENDERS: z.enum(['accept', 'reject']).default('accept'),
  /** Fill an empty database with the book's demo people (default: on except in production). */
  SEED_DEMO_DATA: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).optional()),
  /** Handle stored messages and run the outbox sender inside the web process (turn off when running `npm run worker` apart). */
  RUN_WORKER: z.enum(['true', 'false']).default('true'),
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
  /** A number or group id told about every new ticket; empty = nobody. */
  ADMIN_NOTIFY_TARGET: optionalString,
  /** Days after which a finished ticket the reporter did not answer is closed. */
  AUTO_CLOSE_DAYS: z.coerce.number().min(0.01).max(365).default(3),
  /** A plain-language complaint's prompt ("Balas YA …") comes this many seconds after the last message of a burst. */
  DRAFT_GATHER_SECONDS: z.coerce.number().int().min(1).max(600).default(20),
  /** …and at most this many seconds after the first message of the burst, however long it goes on. */
  DRAFT_GATHER_MAX_SECONDS: z.coerce.number().int().min(1).max(3600).default(90),
  /** A prompted draft with no YA or BATAL after this many minutes is left in the desk's inbox. */
  DRAFT_TIMEOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(30),
  /**
   * The working week the SLA clocks count, in APP_TIMEZONE: `mon-fri 07:30-16:00; sat 07:30-12:00`
   * (days `mon`…`sun` or `sen`…`min`, one or more spans per part). Holidays are managed in the dashboard.
   */
  WORK_WEEK: z
    .string()
    .default('mon-fri 07:30-16:00; sat 07:30-12:00')
    .transform((v, ctx) => {
      try {
        return parseWorkWeek(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  /** The share of a target after which the responsible person is reminded (0.75 = at 75 %). */
  SLA_REMINDER_SHARE: z.coerce.number().min(0.1).max(0.99).default(0.75),
  /** After a breach, this many more minutes (working, wall-clock for darurat) before the second level hears of it. */
  SLA_SECOND_LEVEL_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 30)
    .default(240),
  /** The head told at the second level of escalation: a number or a group id; empty = nobody. */
  SLA_HEAD_TARGET: optionalString,
  /** Whom a reporter of an emergency outside working hours should call (shown in the answer), e.g. `0812-3456-7890 (Satpam)`. */
  EMERGENCY_CONTACT: optionalString,
  /** Repeat faults: the period counted, in days… */
  REPEAT_FAULT_DAYS: z.coerce.number().int().min(7).max(730).default(90),
  /** …and how many faults of one category at one place in it make the place "berulang". */
  REPEAT_FAULT_THRESHOLD: z.coerce.number().int().min(2).max(100).default(3),
  /**
   * One ticket for one fault: an open ticket at the same place and category reported within this
   * many days is offered to a new reporter to follow (#ikut) instead of filing a second one.
   */
  DUPLICATE_WINDOW_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  /** How long a set-password link (imported staff, password resets by an Administrator) stays valid, in hours. */
  SET_PASSWORD_LINK_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(72),
  /** Retention (0 = keep for ever, the default): downloaded photos of tickets closed this many months ago are deleted. */
  RETENTION_MEDIA_MONTHS: z.coerce.number().int().min(0).max(1200).default(0),
  /** Raw webhook payloads and message bodies of tickets closed this many months ago are cleared (0 = never). */
  RETENTION_MESSAGES_MONTHS: z.coerce.number().int().min(0).max(1200).default(0),
  /** Reporters of tickets closed this many years ago are anonymised; counts, durations and places stay (0 = never). */
  RETENTION_ANONYMISE_YEARS: z.coerce.number().int().min(0).max(100).default(0),
  /** Where downloaded photos and documents are kept. */
  MEDIA_DIR: z.string().default('./data/media'),
  /** Hosts media may be downloaded from (comma-separated, `*.` wildcards allowed). */
  MEDIA_ALLOWED_HOSTS: z.string().default('fonnte.com,*.fonnte.com'),
  /** Largest file downloaded, in bytes. */
  MEDIA_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  /** Longest a download may take, in milliseconds. */
  MEDIA_TIMEOUT_MS: z.coerce.number().int().min(1000).default(20_000),
  /**
   * Let photo downloads reach private, loopback and link-local addresses (refused by default so a
   * forged webhook cannot make the service fetch from inside the campus network). Only for a
   * gateway on your own network, and for tests.
   */
  MEDIA_ALLOW_PRIVATE_NETWORK: z.enum(['true', 'false']).default('false'),
  /**
   * On SIGTERM, how long /readyz answers 503 while the server still serves, before it stops taking
   * connections: at least a load balancer's probe interval, so it stops sending first. At most 20 s:
   * a stop is cut short after 25 s.
   */
  SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).max(20_000).default(0),
  /** Port of the worker process's health, readiness and metrics endpoints; empty = the worker listens on no port. */
  WORKER_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).optional()),
  /** pino level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** pretty (readable, for people) or json (one object per line, ISO times); default pretty in development, json otherwise. */
  LOG_FORMAT: z.preprocess(emptyToUndefined, z.enum(['pretty', 'json']).optional()),
  /** Bearer token for GET /metrics, at least 16 characters; unset = /metrics answers 404. */
  METRICS_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
});

type Env = z.infer<typeof envSchema>;

/** The database settings alone, for operator commands that must not need the service's secrets. */
export interface DatabaseConfig {
  readonly env: Env['NODE_ENV'];
  readonly databaseUrl: string;
  readonly databasePoolSize: number;
  /** Photos: `backup --media` and `restore --media` copy them. */
  readonly mediaDir: string;
}

/** `wa-ticketing migrate`, `admin create|reset`, `backup` and `restore` read only these variables. */
export function loadDatabaseConfig(source: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const parsed = envSchema.pick({ NODE_ENV: true, DATABASE_URL: true, DATABASE_POOL_SIZE: true, MEDIA_DIR: true }).safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    env: e.NODE_ENV,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    mediaDir: resolve(e.MEDIA_DIR),
  });
}

export interface Config {
  readonly env: Env['NODE_ENV'];
  readonly port: number;
  readonly databaseUrl: string;
  readonly databasePoolSize: number;
  readonly fonnte: {
    readonly token: string | undefined;
    readonly apiUrl: string;
    readonly device: string | undefined;
    readonly dryRun: boolean;
  };
  readonly webhookSecret: string;
  /** True when the secret was generated for this development machine. */
  readonly webhookSecretGenerated: boolean;
  readonly publicUrl: string;
  /** False when PUBLIC_URL was not set and publicUrl is only a guess (http://localhost:PORT). */
  readonly publicUrlGiven: boolean;
  readonly ticketPrefix: string;
  readonly timezone: string;
  readonly unknownSenders: 'accept' | 'reject';
  readonly seedDemoData: boolean;
  readonly runWorker: boolean;
  readonly outboxMaxAttempts: number;
  /** Sends in flight at start, and the level the adaptive limit regains quickly after failures (see SendConcurrency). */
  readonly outboxConcurrency: number;
  /** The adaptive limit's ceiling, and the Fonnte client's keep-alive sockets. */
  readonly outboxMaxConcurrency: number;
  readonly outboxRetryWindowMs: number;
  readonly logLevel: Env['LOG_LEVEL'];
  readonly logFormat: 'pretty' | 'json';
  /** Bearer token GET /metrics requires; undefined = /metrics is off (404). */
  readonly metricsToken: string | undefined;
  readonly jwt: { readonly secret: string; readonly ttlMinutes: number };
  readonly bootstrapAdmin: { readonly username: string; readonly password: string } | undefined;
  readonly corsOrigins: readonly string[];
  readonly adminNotifyTarget: string | undefined;
  readonly autoCloseDays: number;
  /** Plain-language drafts: the gathering window (quiet time and longest burst) and the wait for YA, in ms. */
  readonly drafts: { readonly gatherMs: number; readonly gatherMaxMs: number; readonly timeoutMs: number };
  /** Service levels: the working week (APP_TIMEZONE), when reminders and the second level come, whom to tell. */
  readonly sla: {
    readonly week: WorkWeek;
    readonly reminderShare: number;
    readonly secondLevelMinutes: number;
    readonly headTarget: string | undefined;
    readonly emergencyContact: string | undefined;
  };
  /** A place with `threshold` faults of one category within `days` is flagged "berulang". */
  readonly repeatFaults: { readonly days: number; readonly threshold: number };
  /** An open ticket at the same place and category within `windowDays` is offered to follow. */
  readonly duplicates: { readonly windowDays: number };
  /** Validity of a set-password link, in ms. */
  readonly setPasswordLinkMs: number;
  /** Retention periods; 0 = that rule is off. */
  readonly retention: { readonly mediaMonths: number; readonly messagesMonths: number; readonly anonymiseYears: number };
  readonly media: {
    readonly dir: string;
    readonly allowedHosts: readonly string[];
    readonly maxBytes: number;
    readonly timeoutMs: number;
    readonly allowPrivateNetwork: boolean;
  };
  readonly workerPort: number | undefined;
  readonly shutdownDelayMs: number;
}

/** Every variable the configuration reads, for the test that keeps the README's table and .env.example complete. */
export const configVariables: readonly string[] = Object.freeze(Object.keys(envSchema.shape));

export class ConfigError extends Error {}

/** Where a generated development secret is kept, so it survives restarts and `npm run chat` can read it. */
const DEV_SECRET_FILE = resolve('data', '.webhook-secret');
const DEV_JWT_SECRET_FILE = resolve('data', '.jwt-secret');

/**
 * Parses the environment once. Throws ConfigError naming every bad variable.
 * @param source usually `process.env`; tests pass their own object.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  let secret = e.WEBHOOK_SECRET;
  let generated = false;
  if (!secret) {
    if (e.NODE_ENV === 'production') {
      throw new ConfigError('Invalid configuration:\n  WEBHOOK_SECRET: required when NODE_ENV=production');
    }
    secret = e.NODE_ENV === 'test' ? 'test-secret' : readOrCreateDevSecret(DEV_SECRET_FILE, 24);
    generated = true;
  }
  let jwtSecret = e.JWT_SECRET;
  if (!jwtSecret) {
    if (e.NODE_ENV === 'production') {
      throw new ConfigError('Invalid configuration:\n  JWT_SECRET: required when NODE_ENV=production (at least 32 characters)');
    }
    jwtSecret = e.NODE_ENV === 'test' ? 'test-jwt-secret-that-is-long-enough-0123' : readOrCreateDevSecret(DEV_JWT_SECRET_FILE, 32);
  }
  if (e.OUTBOX_MAX_CONCURRENCY < e.OUTBOX_CONCURRENCY) {
    throw new ConfigError(
      `Invalid configuration:\n  OUTBOX_MAX_CONCURRENCY: must be at least OUTBOX_CONCURRENCY (${e.OUTBOX_CONCURRENCY}), got ${e.OUTBOX_MAX_CONCURRENCY}`,
    );
  }
  if ((e.ADMIN_USERNAME === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError('Invalid configuration:\n  ADMIN_USERNAME, ADMIN_PASSWORD: set both or neither');
  }
  const phone = e.FONNTE_DEVICE;
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    fonnte: Object.freeze({
      token: e.FONNTE_TOKEN,
      apiUrl: e.FONNTE_API_URL.replace(/\/+$/, ''),
      device: phone ? normalizePhone(phone) || undefined : undefined,
      dryRun: !e.FONNTE_TOKEN,
    }),
    webhookSecret: secret,
    webhookSecretGenerated: generated,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    publicUrlGiven: e.PUBLIC_URL !== undefined,
    ticketPrefix: e.TICKET_PREFIX,
    timezone: e.APP_TIMEZONE,
    unknownSenders: e.UNKNOWN_SENDERS,
    seedDemoData: e.SEED_DEMO_DATA ? e.SEED_DEMO_DATA === 'true' : e.NODE_ENV !== 'production',
    runWorker: e.RUN_WORKER === 'true',
    outboxMaxAttempts: e.OUTBOX_MAX_ATTEMPTS,
    outboxConcurrency: e.OUTBOX_CONCURRENCY,
    outboxMaxConcurrency: e.OUTBOX_MAX_CONCURRENCY,
    outboxRetryWindowMs: e.OUTBOX_RETRY_HOURS * 3600_000,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (e.NODE_ENV === 'development' ? 'pretty' : 'json'),
    metricsToken: e.METRICS_TOKEN,
    jwt: Object.freeze({ secret: jwtSecret, ttlMinutes: e.JWT_TTL_MINUTES }),
    bootstrapAdmin:
      e.ADMIN_USERNAME && e.ADMIN_PASSWORD ? Object.freeze({ username: e.ADMIN_USERNAME, password: e.ADMIN_PASSWORD }) : undefined,
    adminNotifyTarget: e.ADMIN_NOTIFY_TARGET ? normalizePhone(e.ADMIN_NOTIFY_TARGET) : undefined,
    autoCloseDays: e.AUTO_CLOSE_DAYS,
    repeatFaults: Object.freeze({ days: e.REPEAT_FAULT_DAYS, threshold: e.REPEAT_FAULT_THRESHOLD }),
    duplicates: Object.freeze({ windowDays: e.DUPLICATE_WINDOW_DAYS }),
    setPasswordLinkMs: e.SET_PASSWORD_LINK_HOURS * 3600_000,
    retention: Object.freeze({
      mediaMonths: e.RETENTION_MEDIA_MONTHS,
      messagesMonths: e.RETENTION_MESSAGES_MONTHS,
      anonymiseYears: e.RETENTION_ANONYMISE_YEARS,
    }),
    sla: Object.freeze({
      week: e.WORK_WEEK,
      reminderShare: e.SLA_REMINDER_SHARE,
      secondLevelMinutes: e.SLA_SECOND_LEVEL_MINUTES,
      headTarget: e.SLA_HEAD_TARGET ? normalizePhone(e.SLA_HEAD_TARGET) : undefined,
      emergencyContact: e.EMERGENCY_CONTACT,
    }),
    drafts: Object.freeze({
      gatherMs: e.DRAFT_GATHER_SECONDS * 1000,
      gatherMaxMs: Math.max(e.DRAFT_GATHER_MAX_SECONDS, e.DRAFT_GATHER_SECONDS) * 1000,
      timeoutMs: e.DRAFT_TIMEOUT_MINUTES * 60_000,
    }),
    media: Object.freeze({
      dir: resolve(e.MEDIA_DIR),
      allowedHosts: Object.freeze(
        e.MEDIA_ALLOWED_HOSTS.split(',')
          .map((h) => h.trim().toLowerCase())
          .filter(Boolean),
      ),
      maxBytes: e.MEDIA_MAX_BYTES,
      timeoutMs: e.MEDIA_TIMEOUT_MS,
      allowPrivateNetwork: e.MEDIA_ALLOW_PRIVATE_NETWORK === 'true',
    }),
    workerPort: e.WORKER_PORT,
    shutdownDelayMs: e.SHUTDOWN_DELAY_MS,
    corsOrigins: Object.freeze(
      (e.CORS_ORIGINS ?? '')
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  });
}

/** Development only: a random secret kept under data/ so it survives restarts. */
function readOrCreateDevSecret(file: string, bytes: number): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(bytes).toString('hex');
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}
