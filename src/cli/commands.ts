/**
 * Each command's module is loaded only when it runs: `admin create` never loads the web app.
 * require() rather than import(): compiled to CommonJS both are the same, but under tsx's CommonJS
 * hook (the tests' child processes) an import() of a .ts file does not resolve.
 */
const load = <M>(get: () => M): Promise<M> => Promise.resolve().then(get);

export interface CliCommand {
  name: string;
  args: string;
  summary: string;
  /** Resolves with the exit code, or -1 for a long-running process that exits on its own signal. */
  run(argv: string[]): Promise<number>;
}

/** Every command, in the order `wa-ticketing help` lists them. */
export const cliCommands: readonly CliCommand[] = [
  {
    name: 'serve',
    args: '',
    summary: 'the web service: webhook, admin API, dashboard (and the worker unless RUN_WORKER=false)',
    run: (argv) => load(() => require('./serve.command') as typeof import('./serve.command')).then((m) => m.runServeCommand(argv)),
  },
  {
    name: 'worker',
    args: '',
    summary: 'message handling, replies, photo downloads and auto-close without the web server',
    run: (argv) => load(() => require('./worker.command') as typeof import('./worker.command')).then((m) => m.runWorkerCommand(argv)),
  },
  {
    name: 'migrate',
    args: '',
    summary: 'bring the database schema up to date and exit (needs only DATABASE_URL)',
    run: (argv) => load(() => require('./migrate.command') as typeof import('./migrate.command')).then((m) => m.runMigrateCommand(argv)),
  },
  {
    name: 'admin',
    args: 'create|reset --username NAME [--name "Full Name"] [--id ADM07] [--password-stdin]',
    summary: 'create an Administrator, or reset an account into one with a new password (needs only DATABASE_URL)',
    run: (argv) => load(() => require('./admin.command') as typeof import('./admin.command')).then((m) => m.runAdminCommand(argv)),
  },
  {
    name: 'import',
    args: 'people FILE [--kind employees|staff] [--apply] [--new-units] | legacy (--from-db URL | --from-csv DIR) [--dry-run] [options]',
    summary: 'bring in a staff directory sheet, or the history of the old PHP system (dry run first)',
    run: (argv) => load(() => require('./import.command') as typeof import('./import.command')).then((m) => m.runImportCommand(argv)),
  },
  {
    name: 'retention',
    args: '[--dry-run]',
    summary: 'run the retention rules now (RETENTION_*), or show what the next run would remove',
    run: (argv) =>
      load(() => require('../features/retention/retention.cli') as typeof import('../features/retention/retention.cli')).then((m) =>
        m.runRetentionCommand(argv),
      ),
  },
  {
    name: 'backup',
    args: '[--out FILE] [--media]',
    summary: 'a consistent online copy of the SQLite database (MariaDB/MySQL: prints the mariadb-dump way)',
    run: (argv) =>
      load(() => require('../ops/backup.cli') as typeof import('../ops/backup.cli')).then((m) => m.runBackupCommand(argv, process.env)),
  },
  {
    name: 'restore',
    args: 'FILE [--force] [--media]',
    summary: 'replace the SQLite database by a backup, with the service stopped',
    run: (argv) =>
      load(() => require('../ops/backup.cli') as typeof import('../ops/backup.cli')).then((m) => m.runRestoreCommand(argv, process.env)),
  },
];

export function usage(): string {
  const width = Math.max(...cliCommands.map((c) => c.name.length));
  const lines = cliCommands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}${c.args ? `\n  ${' '.repeat(width)}  ${c.args}` : ''}`);
  return `usage: wa-ticketing <command> [options]\n\n${lines.join('\n')}\n\nConfiguration comes from the environment (and ./.env unless NODE_ENV=production); see the README.`;
}
