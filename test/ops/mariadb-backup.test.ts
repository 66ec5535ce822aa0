import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { createDb, type Db } from '../../src/db/create-db';
import { mysqlDumpCommand, mysqlRestoreCommand } from '../../src/ops/mysql-commands';
import { requestMessages, webhookUrl } from '../fault/fault-fixtures';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { startFakeFonnte, type FakeFonnte } from '../support/fake-fonnte';
import { textMessage } from '../support/fonnte-payloads';
import { createMysqlTestDatabase, type MysqlTestDatabase } from '../support/mysql-databases';
import { streamWebhooks, until, type Stream } from '../support/webhook-stream';
import { checkRestoredMessages, ticketsNotServed, untilNothingPending } from './restored-copy';

/*
 * The README's MariaDB / MySQL backup and restore, end to end: the real service (src/cli serve)
 * as a child process on a throwaway MariaDB database while webhooks stream in; mid-stream the
 * real `mariadb-dump` with the documented options writes a dump; the dump is loaded with the real
 * `mariadb` client into a second, empty database (what "recreate the database empty" leaves), and
 * a new service is started on it. Every message acknowledged before the dump started must be there
 * and end with exactly one ticket; the dump must be one consistent snapshot (no ticket without its
 * message, no reply or event without its ticket, the tracking-number counter at least the highest
 * number it holds, so the restored service's next ticket gets a new number).
 *
 * The command lines are the ones the CLI prints (mysqlDumpCommand / mysqlRestoreCommand, the text
 * `wa-ticketing backup` / `restore` show and the README copies), run with three differences:
 *  - `-p` is dropped: it makes the tool prompt on the terminal for a password, and a test has no
 *    terminal. The test server's root has no password; if TEST_MYSQL_URL carries one, it is handed
 *    over in MYSQL_PWD (never on the command line, where `ps` would show it).
 *  - `--no-defaults` goes first, so a developer's ~/.my.cnf (or /etc/mysql's [client] options) can
 *    add neither a password nor a socket to what the README's options say.
 *  - no shell: `> file` / `< file` become the child's stdout / stdin opened on the file.
 */
const ADMIN = { username: 'mariadb-restore-admin', password: 'mariadb restore admin password' };
const PREFIX = 'mdb';
const TOOL_TIMEOUT_MS = 60_000;

describe('MariaDB backup with mariadb-dump under load, and restore with mariadb [mysql]', () => {
  let dir: string;
  let fake: FakeFonnte;
  let live: MysqlTestDatabase | undefined;
  let restored: MysqlTestDatabase | undefined;
  let app: AppProcess | undefined;
  let stream: Stream | undefined;
  let check: Db | undefined;
  const tools = new Set<ChildProcess>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'wa-mariadb-backup-'));
    fake = await startFakeFonnte();
  });
  afterAll(async () => {
    stream?.stop();
    for (const child of tools) child.kill('SIGKILL');
    await app?.kill('SIGKILL');
    await check?.destroy();
    await fake?.close();
    await live?.drop();
    await restored?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = (databaseUrl: string, env: Record<string, string> = {}) =>
    startAppProcess({ env: { DATABASE_URL: databaseUrl, FONNTE_API_URL: fake.url, MEDIA_DIR: join(dir, 'media'), ...env } });

  test('When mariadb-dump runs mid-stream and the dump is loaded into an empty database, then every message acknowledged before it is there with one ticket, the dump is consistent, and the next ticket gets a new number', async () => {
    // Both tools are required, here and in CI (Debian's mariadb-client, which mariadb-server depends on).
    const dumpBin = onPath('mariadb-dump');
    const clientBin = onPath('mariadb');

    live = await createMysqlTestDatabase();
    app = await start(live.url);
    const messages = requestMessages(PREFIX, 400);
    const running = (stream = streamWebhooks(messages, { url: webhookUrl(app.url), concurrency: 10, retryDelayMs: 250, maxAttempts: 400 }));

    // Mid-stream, and past the first handled batch, so the dump holds tickets as well as pending messages
    // (on a busy machine 100 acknowledgements can come before the first batch commits).
    const liveDb = createDb(live.url, { poolSize: 1 });
    const ticketsSoFar = async () =>
      Number(
        (
          await liveDb.kysely
            .selectFrom('tickets')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    try {
      await until(
        async () => running.acked() >= 100 && running.inFlight() > 0 && (await ticketsSoFar()) > 0,
        'a quarter of the stream acknowledged and a first batch handled',
        90_000,
        2,
      );
    } finally {
      await liveDb.destroy();
    }
    // Acknowledged means committed: every one of these must be in the dump.
    const ackedBefore = running.deliveries.filter((d) => d.ackedAt !== undefined).map((d) => d.key);
    const dumpPath = join(dir, 'wa-ticketing-mid-stream.sql');
    const dump = await runTool(dumpBin, live.url, mysqlDumpCommand(live.url, dumpPath), 'mariadb-dump', { stdout: dumpPath });
    const dumpEnded = Date.now();
    const deliveries = await running.done;
    stream = undefined;

    expect(dump).toMatchObject({ code: 0, signal: null });
    // mariadb-dump writes this line last: the dump is whole.
    const dumpText = readFileSync(dumpPath, 'utf8');
    expect(dumpText.trimEnd()).toMatch(/-- Dump completed on .+$/);
    expect(dumpText).toContain('CREATE TABLE `tickets`');
    // The service kept taking webhooks during the dump: every message was acknowledged, none refused.
    expect(deliveries.filter((d) => !d.ackedAt).map((d) => d.key)).toEqual([]);
    expect(deliveries.flatMap((d) => d.attempts).filter((a) => a.status !== 200)).toEqual([]);
    expect(await app.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    app = undefined;

    // Restore: an empty database (created as the README's CREATE DATABASE does), the dump loaded with `mariadb`.
    restored = await createMysqlTestDatabase();
    const load = await runTool(clientBin, restored.url, mysqlRestoreCommand(restored.url, dumpPath), 'mariadb', { stdin: dumpPath });
    expect(load).toMatchObject({ code: 0, signal: null });

    // What the dump holds, before any service touches it: one consistent snapshot.
    check = createDb(restored.url, { poolSize: 2 });
    const db = check.kysely;
    const inboundIds = new Set((await db.selectFrom('inbound_messages').select('id').execute()).map((r) => Number(r.id)));
    const dumpedTickets = await db.selectFrom('tickets').select(['id', 'tracking_no', 'source_message_id']).execute();
    const ticketIds = new Set(dumpedTickets.map((t) => Number(t.id)));
    const inconsistent: string[] = [];
    for (const t of dumpedTickets) {
      if (t.source_message_id !== null && !inboundIds.has(Number(t.source_message_id)))
        inconsistent.push(`ticket ${t.tracking_no}: its message ${t.source_message_id} is not in the dump`);
    }
    for (const r of await db.selectFrom('inbound_messages').select(['id', 'ticket_id']).where('ticket_id', 'is not', null).execute()) {
      if (!ticketIds.has(Number(r.ticket_id))) inconsistent.push(`inbound ${r.id}: its ticket ${r.ticket_id} is not in the dump`);
    }
    for (const r of await db.selectFrom('outbound_messages').select(['id', 'ticket_id', 'inbound_message_id']).execute()) {
      if (r.ticket_id !== null && !ticketIds.has(Number(r.ticket_id)))
        inconsistent.push(`outbound ${r.id}: its ticket ${r.ticket_id} is not in the dump`);
      if (r.inbound_message_id !== null && !inboundIds.has(Number(r.inbound_message_id)))
        inconsistent.push(`outbound ${r.id}: its message ${r.inbound_message_id} is not in the dump`);
    }
    for (const r of await db.selectFrom('ticket_events').select(['id', 'ticket_id']).execute()) {
      if (!ticketIds.has(Number(r.ticket_id))) inconsistent.push(`ticket event ${r.id}: its ticket ${r.ticket_id} is not in the dump`);
    }
    const counters = await db.selectFrom('ticket_sequences').select(['period', 'last_value']).execute();
    const highest = highestNumbers(
      dumpedTickets.map((t) => t.tracking_no),
      counters.map((c) => c.period),
    );
    for (const [period, top] of highest) {
      const counter = counters.find((c) => c.period === period);
      if (!counter || Number(counter.last_value) < top)
        inconsistent.push(`counter ${period} at ${counter?.last_value ?? 'missing'}, yet ticket number ${top} is in the dump`);
    }
    expect(inconsistent).toEqual([]);
    expect(dumpedTickets.length).toBeGreaterThan(0);
    const pendingInDump = Number(
      (
        await db
          .selectFrom('inbound_messages')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', 'pending')
          .executeTakeFirstOrThrow()
      ).n,
    );

    // A new service on the restored database handles what the dump holds as stored but not yet handled.
    app = await start(restored.url, { ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password });
    await untilNothingPending(check);
    const { problems, ticketOf, sentAfter } = await checkRestoredMessages(check, {
      keyPrefix: PREFIX,
      ackedBefore,
      deliveries,
      copyEnded: dumpEnded,
    });
    expect(sentAfter.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    expect(ticketOf.size).toBe(ackedBefore.length);
    // The restored service serves those tickets through its API.
    expect(await ticketsNotServed(app.url, ADMIN, ticketOf)).toEqual([]);

    // One more #request on the restored service: its number is new, past the highest one restored.
    const known = new Set((await db.selectFrom('tickets').select('tracking_no').execute()).map((t) => t.tracking_no));
    const res = await fetch(webhookUrl(app.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(textMessage('6282111476069', `#request ${PREFIX}-after-restore lampu kelas mati`)),
    });
    expect(res.status).toBe(200);
    let next: { tracking_no: string } | undefined;
    await until(
      async () => {
        next = await db
          .selectFrom('tickets')
          .select('tracking_no')
          .where('complaint', 'like', `%${PREFIX}-after-restore%`)
          .executeTakeFirst();
        return next !== undefined;
      },
      'the ticket of the #request sent after the restore',
      30_000,
      100,
    );
    expect(known.has(next!.tracking_no)).toBe(false);
    const period = counters.map((c) => c.period).find((p) => next!.tracking_no.startsWith(p));
    if (period !== undefined && highest.has(period)) {
      expect(Number(next!.tracking_no.slice(period.length))).toBeGreaterThan(highest.get(period)!);
    }

    if (process.env.OPS_VERBOSE) {
      console.log(
        JSON.stringify({
          ackedBefore: ackedBefore.length,
          ticketsInDump: dumpedTickets.length,
          pendingInDump,
          sentAfter: sentAfter.length,
          dumpBytes: statSync(dumpPath).size,
          dumpMs: dump.ms,
          loadMs: load.ms,
          next: next!.tracking_no,
        }),
      );
    }
    expect(await app.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    app = undefined;
  }, 240_000);

  /**
   * Runs a command line the CLI printed (`<tool> <args…> -p <db> > file` or `< file`) without a shell,
   * as the header says. Rejects after TOOL_TIMEOUT_MS, with what the tool wrote on stderr.
   */
  function runTool(
    bin: string,
    databaseUrl: string,
    printed: string,
    tool: 'mariadb-dump' | 'mariadb',
    io: { stdout?: string; stdin?: string },
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string; ms: number }> {
    const [command, redirect] = printed.split(tool === 'mariadb-dump' ? ' > ' : ' < ');
    const words = command!.split(' ');
    expect(words[0]).toBe(tool);
    // The file the printed line redirects to or from is the one handed to the child.
    expect(redirect).toBe(io.stdout ?? io.stdin);
    const args = ['--no-defaults', ...words.slice(1).filter((w) => w !== '-p')];
    const password = decodeURIComponent(new URL(databaseUrl).password);
    const fd = openSync((io.stdout ?? io.stdin)!, io.stdout ? 'w' : 'r');
    const began = Date.now();
    return new Promise((resolve, reject) => {
      const child = spawn(bin, args, {
        env: { PATH: process.env.PATH, ...(password ? { MYSQL_PWD: password } : {}) },
        stdio: io.stdout ? ['ignore', fd, 'pipe'] : [fd, 'ignore', 'pipe'],
      });
      tools.add(child);
      let stderr = '';
      child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-10_000)));
      const timer = setTimeout(() => child.kill('SIGKILL'), TOOL_TIMEOUT_MS);
      let open = true;
      const release = () => {
        clearTimeout(timer);
        tools.delete(child);
        if (open) closeSync(fd);
        open = false;
      };
      child.once('error', (err) => {
        release();
        reject(new Error(`${bin} could not start: ${err.message}`));
      });
      child.once('close', (code, signal) => {
        release();
        if (code !== 0) {
          reject(
            new Error(
              `${tool} ${args.join(' ')} exited ${code ?? signal}${signal === 'SIGKILL' ? ` (killed after ${TOOL_TIMEOUT_MS} ms)` : ''}:\n${stderr}`,
            ),
          );
        } else resolve({ code, signal, stderr, ms: Date.now() - began });
      });
    });
  }
});

/** The tool's path on PATH; throws (never skips) when it is not there. */
function onPath(tool: string): string {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const d of dirs) {
    const candidate = join(d, tool);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new Error(
    `${tool} is not on PATH (${dirs.join(delimiter)}): the MariaDB backup test runs the real client tools; install Debian's mariadb-client (mariadb-server depends on it)`,
  );
}

/** For each counter period, the highest number among the tracking numbers of that period. */
function highestNumbers(trackingNumbers: string[], periods: string[]): Map<string, number> {
  const highest = new Map<string, number>();
  for (const no of trackingNumbers) {
    // The longest matching period, in case one period's name begins another's.
    const period = periods.filter((p) => no.startsWith(p) && /^\d+$/.test(no.slice(p.length))).sort((a, b) => b.length - a.length)[0];
    // A ticket whose period has no counter row at all is reported by the caller as missing.
    const key = period ?? /^(\D*\d{4})\d{3,}$/.exec(no)?.[1] ?? no;
    const n = Number(no.slice(key.length));
    highest.set(key, Math.max(highest.get(key) ?? 0, n));
  }
  return highest;
}
