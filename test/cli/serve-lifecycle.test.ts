// `wa-ticketing serve` as an operator meets it: what it prints at start, and how it leaves.
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAppProcess, type AppProcess } from '../support/app-process';

function status(url: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(url, { agent: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
  });
}

describe('wa-ticketing serve [sqlite file]', () => {
  let dir: string;
  let app: AppProcess | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wa-serve-'));
  });
  afterEach(async () => {
    await app?.kill('SIGKILL');
    app = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  test('When production starts without PUBLIC_URL, then a warning says what it is for, and the start names the dashboard, webhook and API URLs', async () => {
    app = await startAppProcess({ env: { DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, LOG_LEVEL: 'info', LOG_FORMAT: 'json' } });
    const out = app.output();
    expect(out).toMatch(/"level":40.*PUBLIC_URL is not set/);
    expect(out).toContain(`Dashboard:          http://localhost:${app.port}/`);
    expect(out).toContain(`Fonnte webhook URL: http://localhost:${app.port}/webhooks/fonnte?secret=<WEBHOOK_SECRET>`);
    expect(out).toContain(`Admin API:          http://localhost:${app.port}/api/docs`);
    // JSON logs carry ISO times.
    expect(out).toMatch(/"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"/);
  });

  test('When SIGTERM arrives with SHUTDOWN_DELAY_MS, then /readyz answers 503 while /healthz still answers 200, and the process exits 0', async () => {
    app = await startAppProcess({
      env: { DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`, PUBLIC_URL: 'https://helpdesk.kampus.test', SHUTDOWN_DELAY_MS: '5000' },
    });
    expect(app.output()).not.toContain('PUBLIC_URL is not set');
    expect(await status(`${app.url}/readyz`)).toBe(200);
    process.kill(app.pid, 'SIGTERM');
    // The delay keeps the server answering: readiness turns first.
    let ready = 200;
    for (let i = 0; i < 40 && ready === 200; i += 1) {
      ready = await status(`${app.url}/readyz`);
      if (ready === 200) await new Promise((r) => setTimeout(r, 50));
    }
    expect(ready).toBe(503);
    expect(await status(`${app.url}/healthz`)).toBe(200);
    expect(await app.exited).toEqual({ code: 0, signal: null });
  });
});
