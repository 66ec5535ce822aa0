#!/usr/bin/env node
/**
 * `wa-ticketing <command>`: the one entry point an operator runs, compiled with the rest
 * (dist/src/cli/index.js, linked as the package's `bin`), so production needs neither tsx
 * nor the TypeScript sources.
 */
import { ConfigError } from '../config';
import { EXIT_USAGE } from '../shared/exit-codes';
import { cliCommands, usage } from './commands';

/** `.env` in the working folder, unless NODE_ENV=production is already set: then the environment alone configures. */
function loadEnvFile(): void {
  if (process.env.NODE_ENV === 'production') return;
  try {
    process.loadEnvFile();
  } catch {
    // No .env: the environment alone configures the service.
  }
}

export async function runCli(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(usage());
    return name ? 0 : EXIT_USAGE;
  }
  const command = cliCommands.find((c) => c.name === name);
  if (!command) {
    console.error(`unknown command: ${name}\n\n${usage()}`);
    return EXIT_USAGE;
  }
  loadEnvFile();
  return command.run(rest);
}

/** Runs a command and exits with its code; serve and worker (-1) keep running until a signal. */
export function runCliAndExit(argv: string[]): void {
  runCli(argv).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (err: unknown) => {
      console.error(err instanceof ConfigError ? err.message : err);
      process.exit(1);
    },
  );
}

if (require.main === module) runCliAndExit(process.argv.slice(2));
