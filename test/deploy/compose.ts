// docker-compose.yml read as `docker compose` reads it: YAML with merge keys, ${…} interpolation
// from the project's .env, env_file and environment merged per service.
import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { parse } from 'yaml';

export class ComposeError extends Error {}

/** ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, $VAR and $$, as compose does. */
function interpolate(value: string, vars: Record<string, string | undefined>): string {
  return value.replace(
    /\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?)([-?])((?:[^}])*))?\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (whole, dollar, name, colon, kind, arg, bare) => {
      if (dollar === '$') return '$';
      const key: string = name ?? bare;
      const v = vars[key];
      const missing = colon ? v === undefined || v === '' : v === undefined;
      if (!kind) return v ?? '';
      if (!missing) return v!;
      if (kind === '-') return interpolate(arg, vars);
      throw new ComposeError(`required variable ${key} is missing a value: ${interpolate(arg, vars)}`);
    },
  );
}

function interpolateDeep(node: unknown, vars: Record<string, string | undefined>): unknown {
  if (typeof node === 'string') return interpolate(node, vars);
  if (Array.isArray(node)) return node.map((n) => interpolateDeep(n, vars));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, interpolateDeep(v, vars)]));
  }
  return node;
}

export interface ComposeService {
  command?: string[];
  environment?: Record<string, string | number | boolean> | string[];
  env_file?: string | string[] | Array<{ path: string; required?: boolean }>;
  volumes?: string[];
  ports?: string[];
  profiles?: string[];
  user?: string;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, unknown>;
  image?: string;
  build?: unknown;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** The compose file with every ${…} resolved from `dotenv` (the project's .env file's text). */
export function loadCompose(file: string, dotenv: string): ComposeFile {
  const raw: unknown = parse(readFileSync(file, 'utf8'), { merge: true });
  const vars = parseEnv(dotenv) as Record<string, string>;
  const resolved = interpolateDeep(raw, vars) as ComposeFile;
  if (!resolved?.services) throw new ComposeError('no services');
  return resolved;
}

/** A container's environment from compose: env_file entries, then `environment` over them. */
export function serviceEnvironment(service: ComposeService, readEnvFile: (path: string) => string): Record<string, string> {
  const env: Record<string, string> = {};
  const files = service.env_file === undefined ? [] : Array.isArray(service.env_file) ? service.env_file : [service.env_file];
  for (const f of files) {
    const path = typeof f === 'string' ? f : f.path;
    Object.assign(env, parseEnv(readEnvFile(path)));
  }
  const environment = service.environment ?? {};
  if (Array.isArray(environment)) {
    for (const item of environment) {
      const at = item.indexOf('=');
      if (at > 0) env[item.slice(0, at)] = item.slice(at + 1);
    }
  } else {
    for (const [k, v] of Object.entries(environment)) env[k] = String(v);
  }
  return env;
}
