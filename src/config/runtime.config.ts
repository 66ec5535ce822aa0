import { z } from 'zod';
import { emptyToUndefined, optionalString } from './env.fields';

/** The process: its mode, its ports, its address, whether it runs the workers and how it stops. */
export const runtimeEnv = z.object({
  /** development | production | test: production makes WEBHOOK_SECRET mandatory and turns demo data off. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** HTTP port. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Public base URL of this service (https://helpdesk.kampus.ac.id): printed as the dashboard and webhook address; a warning in production when unset. */
  PUBLIC_URL: optionalString,
  /** Fill an empty database with the book's demo people (default: on except in production). */
  SEED_DEMO_DATA: z.preprocess(emptyToUndefined, z.enum(['true', 'false']).optional()),
  /** Handle stored messages and run the outbox sender inside the web process (turn off when running `npm run worker` apart). */
  RUN_WORKER: z.enum(['true', 'false']).default('true'),
  /**
   * On SIGTERM, how long /readyz answers 503 while the server still serves, before it stops taking
   * connections: at least a load balancer's probe interval, so it stops sending first. At most 20 s:
   * a stop is cut short after 25 s.
   */
  SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).max(20_000).default(0),
  /** Port of the worker process's health, readiness and metrics endpoints; empty = the worker listens on no port. */
  WORKER_PORT: z.preprocess(emptyToUndefined, z.coerce.number().int().min(0).max(65535).optional()),
});

export type RuntimeEnv = z.infer<typeof runtimeEnv>;

export interface RuntimeSettings {
  readonly env: RuntimeEnv['NODE_ENV'];
  readonly port: number;
  readonly publicUrl: string;
  /** False when PUBLIC_URL was not set and publicUrl is only a guess (http://localhost:PORT). */
  readonly publicUrlGiven: boolean;
  readonly seedDemoData: boolean;
  readonly runWorker: boolean;
  readonly workerPort: number | undefined;
  readonly shutdownDelayMs: number;
}

export function runtimeSettings(e: RuntimeEnv): RuntimeSettings {
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    publicUrlGiven: e.PUBLIC_URL !== undefined,
    seedDemoData: e.SEED_DEMO_DATA ? e.SEED_DEMO_DATA === 'true' : e.NODE_ENV !== 'production',
    runWorker: e.RUN_WORKER === 'true',
    workerPort: e.WORKER_PORT,
    shutdownDelayMs: e.SHUTDOWN_DELAY_MS,
  };
}
