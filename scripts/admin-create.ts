/**
 * `npm run admin:create -- --username alice [--name "Alice"] [--id ADM07] [--password-stdin] [--reset]`
 *
 * Creates an active Administrator in the configured database (migrating it first). The
 * password is asked twice without echo when stdin is a terminal; scripts pipe it with
 * `--password-stdin` (the first line of stdin). An existing username is refused unless
 * `--reset` is given, which makes that account an active Administrator with the new password
 * and signs it out everywhere: the way back in when every Administrator password is lost.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../src/config';
import { createDb } from '../src/db/create-db';
import { migrateToLatest } from '../src/db/migrate';
import { AppError } from '../src/errors';
import { AdministratorInputError, createOrRestoreAdministrator } from '../src/features/auth/bootstrap-admin';
import { systemClock } from '../src/shared/clock';

const usage = 'usage: npm run admin:create -- --username <name> [--name "Full Name"] [--id ADM07] [--password-stdin] [--reset]';

async function main(): Promise<number> {
  try {
    process.loadEnvFile();
  } catch {
    // No .env: the environment alone configures the database.
  }
  const { values } = parseArgs({
    options: {
      username: { type: 'string' },
      name: { type: 'string' },
      id: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
      reset: { type: 'boolean', default: false },
    },
  });
  if (!values.username) {
    console.error(usage);
    return 2;
  }
  const password = await readPassword(values['password-stdin']);
  if (password === undefined) return 2;

  const config = loadConfig();
  const db = createDb(config.databaseUrl, { poolSize: 2 });
  try {
    await migrateToLatest(db);
    const { staff, restored } = await createOrRestoreAdministrator(
      db,
      { username: values.username, password, name: values.name, id: values.id },
      { restore: values.reset, now: systemClock.now() },
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

/** From a terminal: twice, without echo. Otherwise only with --password-stdin, so a script never hangs on a prompt. */
async function readPassword(fromStdin: boolean): Promise<string | undefined> {
  if (fromStdin) return (await readAll(process.stdin)).split(/\r?\n/)[0] ?? '';
  if (!process.stdin.isTTY) {
    console.error('stdin is not a terminal: pass the password with --password-stdin');
    return undefined;
  }
  const first = await promptHidden('Password (at least 10 characters): ');
  const second = await promptHidden('Repeat the password: ');
  if (first !== second) {
    console.error('The passwords differ.');
    return undefined;
  }
  return first;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads one line in raw mode, echoing nothing; Ctrl-C aborts. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stdout.write(question);
  return new Promise((resolve) => {
    let value = '';
    const done = (result: string | undefined) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stdout.write('\n');
      if (result === undefined) process.exit(130);
      resolve(result);
    };
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(value);
        if (ch === '\u0003') return done(undefined);
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}

main()
  .then((code) => process.exit(code))
  .catch((err) => {
    console.error(err instanceof ConfigError ? err.message : err);
    process.exit(1);
  });
