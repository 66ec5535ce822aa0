import { z } from 'zod';
import { emptyToUndefined } from './env.fields';
import type { RuntimeEnv } from './runtime.config';

/** Logs and metrics. */
export const observabilityEnv = z.object({
  /** pino level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** pretty (readable, for people) or json (one object per line, ISO times); default pretty in development, json otherwise. */
  LOG_FORMAT: z.preprocess(emptyToUndefined, z.enum(['pretty', 'json']).optional()),
  /** Bearer token for GET /metrics, at least 16 characters; unset = /metrics answers 404. */
  METRICS_TOKEN: z.preprocess(emptyToUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
});

type ObservabilityEnv = z.infer<typeof observabilityEnv>;

export interface ObservabilitySettings {
  readonly logLevel: ObservabilityEnv['LOG_LEVEL'];
  readonly logFormat: 'pretty' | 'json';
  /** Bearer token GET /metrics requires; undefined = /metrics is off (404). */
  readonly metricsToken: string | undefined;
}

export function observabilitySettings(e: ObservabilityEnv & Pick<RuntimeEnv, 'NODE_ENV'>): ObservabilitySettings {
  return {
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (e.NODE_ENV === 'development' ? 'pretty' : 'json'),
    metricsToken: e.METRICS_TOKEN,
  };
}
