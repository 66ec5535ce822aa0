// `npm run chat` (scripts/chat.ts) against the real service, as a developer uses it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../src/config';
import { createDb, type Db } from '../../src/db/create-db';
import { installClockSettings } from '../../src/features/sla/sla-clock.service';
import { startAppProcess, type AppProcess } from '../support/app-process';
import { assignDirectly, createEmployee, createStaff } from '../support/factories';
import { startFakeFonnte, type FakeFonnte } from '../support/fake-fonnte';

const root = resolve(__dirname, '../..');
const DESK = '6281200000001';
const JWT_SECRET = 'chat-script-jwt-secret-0123456789abcdef';

/** Runs the script as `npm run chat -- …` would (tsx), against `url`; resolves with its exit code and output. */
function chat(dbUrl: string, url: string, args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), 'scripts/chat.ts', '--url', url, ...args], {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TMPDIR: process.env.TMPDIR,
        DATABASE_URL: dbUrl,
        WEBHOOK_SECRET: 'test-secret',
        JWT_SECRET,
        // The same .env the service reads: the script names the desk's number from it.
        ADMIN_NOTIFY_TARGET: DESK,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.once('error', fail);
    child.once('exit', (code) => done({ code, out }));
  });
}

/** The printed messages: `→ target (who) [kind, status]` and the body under it, up to the next arrow. */
function printed(out: string) {
  return out
    .split(/\n\n(?=→ )/)
    .map((chunk) => /^→ (\S+) \(([^)]*)\) \[(\w+), \w+\]\n([\s\S]*)$/.exec(chunk.trimEnd()))
    .filter((m) => m !== null)
    .map(([, target, who, kind, body]) => ({ target, who, kind, body }));
}

describe('npm run chat [sqlite file]', () => {
  let dir: string;
  let dbUrl: string;
  let app: AppProcess;
  let fonnte: FakeFonnte;
  let db: Db;

  beforeAll(async () => {
    // The test assigns a technician from its own process, which has no services: it sets the clocks' week as serve does.
    const config = loadConfig({ NODE_ENV: 'test' });
    installClockSettings({ ...config.sla, timezone: config.timezone });
    dir = mkdtempSync(join(tmpdir(), 'wa-chat-script-'));
    dbUrl = `sqlite:${join(dir, 'db.sqlite')}`;
    fonnte = await startFakeFonnte();
    app = await startAppProcess({
      env: {
        DATABASE_URL: dbUrl,
        FONNTE_API_URL: fonnte.url,
        ADMIN_NOTIFY_TARGET: DESK,
        SEED_DEMO_DATA: 'false',
        JWT_SECRET,
      },
    });
    db = createDb(dbUrl);
  }, 60_000);
  afterAll(async () => {
    await db?.destroy();
    await app?.kill('SIGKILL');
    await fonnte?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('When a #request is sent, then the reply to the sender and the notice to the desk are both printed with their targets', async () => {
    const marta = await createEmployee(db, { name: 'R Marta Dinata' });

    const { code, out } = await chat(dbUrl, app.url, ['--from', marta.phone, '#request lampu kelas 3.2 mati']);

    expect({ code, out }).toEqual({ code: 0, out: expect.stringContaining('webhook → HTTP 200') });
    const messages = printed(out);
    expect(messages.map((m) => [m.target, m.who, m.kind])).toEqual([
      [DESK, 'the desk, ADMIN_NOTIFY_TARGET', 'notification'],
      [marta.phone, 'the sender, employee R Marta Dinata', 'reply'],
    ]);
    expect(messages[1]!.body).toMatch(/Nomor tracking Anda: \*BRT\d+\*/);
    expect(messages[0]!.body).toContain('lampu kelas 3.2 mati');
  });

  test('When a technician sends #report, then the reply and the update to the reporter are printed, and the earlier assignment message is not', async () => {
    const reporter = await createEmployee(db, { name: 'She Min Ah' });
    const tech = await createStaff(db, { level: 'TBO', name: 'Siswanto' });
    await chat(dbUrl, app.url, ['--from', reporter.phone, '#request AC ruang rapat bocor']);
    const { tracking_no: no } = await db.kysely
      .selectFrom('tickets')
      .select('tracking_no')
      .where('reporter_phone', '=', reporter.phone)
      .executeTakeFirstOrThrow();
    await assignDirectly(db, no, tech.id, 'bawa tangga');

    const { code, out } = await chat(dbUrl, app.url, ['--from', tech.phone!, `#report ${no} pipa AC sudah dibersihkan`]);

    expect(code).toBe(0);
    const messages = printed(out);
    expect(messages.map((m) => [m.target, m.who, m.kind]).sort()).toEqual(
      [
        [tech.phone, 'the sender, technician Siswanto', 'reply'],
        [reporter.phone, 'employee She Min Ah', 'notification'],
      ].sort(),
    );
    expect(messages.find((m) => m.target === reporter.phone)!.body).toContain('pipa AC sudah dibersihkan');
    expect(out).not.toContain('bawa tangga');
  });
});
