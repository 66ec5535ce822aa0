/**
 * `wa-ticketing admin create --username alice [--name "Alice"] [--id ADM07] [--password-stdin]`
 * `wa-ticketing admin reset --username alice [--password-stdin]`
 *
 * create: a new active Administrator; an existing username is refused.
 * reset: that existing account becomes an active Administrator with the new password and is
 * signed out everywhere: the way back in when every Administrator password is lost.
 * The password is asked twice without echo on a terminal; scripts pipe it with
 * `--password-stdin` (the first line of stdin). Needs only DATABASE_URL: no webhook or token secret.
 * Exit codes: 0 done, 1 refused (bad input, existing username), 64 wrong command line.
 */
import { parseArgs } from 'node:util';
import { loadDatabaseConfig } from '../config';
import { createDb } from '../db/create-db';
import { migrateToLatest } from '../db/migrate';
import { AppError } from '../errors';
import { AdministratorInputError, createOrRestoreAdministrator } from '../features/auth/bootstrap-admin';
import { systemClock } from '../shared/clock';
import { EXIT_USAGE } from '../shared/exit-codes';
import { readPassword } from './password-prompt';

const usage = 'usage: wa-ticketing admin create|reset --username <name> [--name "Full Name"] [--id ADM07] [--password-stdin]';

/** @public loaded lazily by commands.ts with require(). */
export async function runAdminCommand(argv: string[]): Promise<number> {
  const [action, ...rest] = argv;
  if (action !== 'create' && action !== 'reset') {
    console.error(usage);
    return EXIT_USAGE;
  }
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        username: { type: 'string' },
        name: { type: 'string' },
        id: { type: 'string' },
        'password-stdin': { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    return EXIT_USAGE;
  }
  if (!values.username) {
    console.error(usage);
    return EXIT_USAGE;
  }
  const config = loadDatabaseConfig();
  const password = await readPassword(values['password-stdin']);
  if (password === undefined) return EXIT_USAGE;

  const db = createDb(config.databaseUrl, { poolSize: 2 });
  try {
    await migrateToLatest(db);
    const { staff, restored } = await createOrRestoreAdministrator(
      db,
      { username: values.username, password, name: values.name, id: values.id },
      { restore: action === 'reset', now: systemClock.now() },
    );
    console.log(`${restored ? 'Reset' : 'Created'} Administrator ${staff.id} (${staff.username}).`);
    return 0;
  } catch (err) {
    if (err instanceof AdministratorInputError || err instanceof AppError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  } finally {
    await db.destroy();
  }
}
