import { z } from 'zod';
import { databaseEnv, databaseSettings, type DatabaseSettings } from './database.config';
import { invalidConfiguration } from './env.fields';
import { fonnteEnv, fonnteSettings, type FonnteSettings } from './fonnte.config';
import { mediaEnv, mediaSettings, type MediaSettings } from './media.config';
import { observabilityEnv, observabilitySettings, type ObservabilitySettings } from './observability.config';
import { retentionEnv, retentionSettings, type RetentionSettings } from './retention.config';
import { runtimeEnv, runtimeSettings, type RuntimeSettings } from './runtime.config';
import { accessSettings, secretSettings, securityEnv, type AccessSettings, type SecretSettings } from './security.config';
import { slaEnv, slaSettings, type SlaSettings } from './sla.config';
import { ticketsEnv, ticketsSettings, type TicketsSettings } from './tickets.config';

export { ConfigError } from './env.fields';
export { loadDatabaseConfig, type DatabaseConfig } from './database.config';

/**
 * Every environment variable the service reads, validated once at boot: the concerns' schemas side by
 * side, each variable documented where its concern declares it. `.env.example` and the README's
 * configuration table document the same list.
 */
const envSchema = z.object({
  ...runtimeEnv.shape,
  ...databaseEnv.shape,
  ...fonnteEnv.shape,
  ...securityEnv.shape,
  ...ticketsEnv.shape,
  ...slaEnv.shape,
  ...retentionEnv.shape,
  ...mediaEnv.shape,
  ...observabilityEnv.shape,
});

/** The service's settings, each concern's part side by side; parsed once and frozen (loadConfig). */
export interface Config
  extends
    RuntimeSettings,
    DatabaseSettings,
    FonnteSettings,
    SecretSettings,
    AccessSettings,
    TicketsSettings,
    SlaSettings,
    RetentionSettings,
    MediaSettings,
    ObservabilitySettings {}

/** Every variable the configuration reads, for the test that keeps the README's table and .env.example complete. */
export const configVariables: readonly string[] = Object.freeze(Object.keys(envSchema.shape));

/**
 * Parses the environment once. Throws ConfigError naming every bad variable.
 * @param source usually `process.env`; tests pass their own object.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) throw invalidConfiguration(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  const e = parsed.data;
  // In this order, so a configuration with several faults names the same one first: the secrets
  // (which may write a development secret file), the outbox's limits, then the first Administrator.
  const secrets = secretSettings(e);
  const fonnte = fonnteSettings(e);
  const access = accessSettings(e);
  return Object.freeze({
    ...runtimeSettings(e),
    ...databaseSettings(e),
    ...fonnte,
    ...secrets,
    ...access,
    ...ticketsSettings(e),
    ...slaSettings(e),
    ...retentionSettings(e),
    ...mediaSettings(e),
    ...observabilitySettings(e),
  });
}
