/**
 * The MariaDB/MySQL side of backup and restore: the service does not dump a server itself (the
 * client tools must match the server, hold the credentials and write where the operator wants),
 * it prints the exact command for DATABASE_URL instead. The password is never echoed: `-p` makes
 * the tool ask for it (or it is read from MYSQL_PWD / an option file).
 */
interface MysqlTarget {
  host: string;
  port: number;
  user: string;
  database: string;
}

function mysqlTargetOf(databaseUrl: string): MysqlTarget {
  const url = new URL(databaseUrl.replace(/^mariadb:/, 'mysql:'));
  return {
    host: url.hostname || 'localhost',
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    database: decodeURIComponent(url.pathname.replace(/^\//, '')),
  };
}

/** Quotes a word for a POSIX shell when it needs it. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

function connectionArgs(t: MysqlTarget): string[] {
  return [`--host=${t.host}`, `--port=${t.port}`, `--user=${t.user}`, '-p'];
}

/**
 * `mariadb-dump --single-transaction …`: one consistent snapshot of the InnoDB tables without
 * locking them, so the service keeps taking webhooks during the dump.
 */
export function mysqlDumpCommand(databaseUrl: string, outFile: string): string {
  const t = mysqlTargetOf(databaseUrl);
  const args = [
    'mariadb-dump',
    '--single-transaction',
    '--routines',
    '--triggers',
    '--default-character-set=utf8mb4',
    ...connectionArgs(t),
    t.database,
  ];
  return `${args.map(shellWord).join(' ')} > ${shellWord(outFile)}`;
}

/** `mariadb … < dump.sql` into DATABASE_URL's database (create it empty first if it is gone). */
export function mysqlRestoreCommand(databaseUrl: string, dumpFile: string): string {
  const t = mysqlTargetOf(databaseUrl);
  const args = ['mariadb', '--default-character-set=utf8mb4', ...connectionArgs(t), t.database];
  return `${args.map(shellWord).join(' ')} < ${shellWord(dumpFile)}`;
}
