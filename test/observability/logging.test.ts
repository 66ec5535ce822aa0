import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { textMessage } from '../support/fonnte-payloads';
import { METRICS_TOKEN, startObservedApp } from './observed-app';

/** A destination that keeps what was written. */
function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  return {
    stream,
    /** Waits for the pipe to deliver (pino-pretty writes through a stream), then returns the output. */
    async text() {
      await sleep(20);
      return text;
    },
  };
}

const secrets = { WEBHOOK_SECRET: 'a-webhook-secret', JWT_SECRET: 'a-jwt-secret-that-is-long-enough-0123456' };

describe('LOG_FORMAT', () => {
  test('When LOG_FORMAT is not set, then development logs pretty and production and test log json; an explicit value wins', () => {
    expect(loadConfig({ NODE_ENV: 'development', ...secrets }).logFormat).toBe('pretty');
    expect(loadConfig({ NODE_ENV: 'production', ...secrets }).logFormat).toBe('json');
    expect(loadConfig({ NODE_ENV: 'test' }).logFormat).toBe('json');
    expect(loadConfig({ NODE_ENV: 'development', LOG_FORMAT: 'json', ...secrets }).logFormat).toBe('json');
    expect(() => loadConfig({ NODE_ENV: 'test', LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
    expect(() => loadConfig({ NODE_ENV: 'test', METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN: must be at least 16 characters/);
  });

  test('When the format is json, then each line is one object with an ISO time, and secrets are redacted', async () => {
    const out = capture();
    const logger = createLogger('info', { process: 'worker' }, { format: 'json', destination: out.stream });
    logger.info({ fonnte: { token: 'device-token-123' }, outboxId: 7 }, 'outbox message sent');
    logger.info({ token: 'top-level-token', password: 'a password' }, 'secrets at the top level');
    const lines = (await out.text()).trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[1]!)).toMatchObject({ token: '[redacted]', password: '[redacted]' });
    const line = JSON.parse(lines[0]!);
    expect(line).toMatchObject({
      level: 30,
      service: 'wa-ticketing',
      process: 'worker',
      outboxId: 7,
      msg: 'outbox message sent',
      fonnte: { token: '[redacted]' },
    });
    expect(line.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(lines[0]).not.toContain('device-token-123');
  });

  test('When the format is pretty, then lines are readable text with a local time, not JSON, and secrets are redacted', async () => {
    const out = capture();
    const logger = createLogger('info', {}, { format: 'pretty', destination: out.stream });
    logger.info({ fonnte: { token: 'device-token-123' }, outboxId: 7 }, 'outbox message sent');
    const text = await out.text();
    expect(text).toMatch(/^\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} [^\]]*\] INFO.*: outbox message sent/);
    expect(text).toContain('outboxId: 7');
    expect(text).toContain('[redacted]');
    expect(text).not.toContain('device-token-123');
    expect(text.trimStart().startsWith('{')).toBe(false);
    // No colour codes when writing to something other than a terminal.
    expect(text).not.toContain('\u001b[');
  });
});

describe('Request logs', () => {
  test('When requests come in, then one slim line each (method, path without query, status, time, id), none for probes and static files', async () => {
    const out = capture();
    const app = await startObservedApp('sqlite', { logger: createLogger('info', {}, { format: 'json', destination: out.stream }) });
    try {
      for (const path of ['/healthz', '/readyz', '/health', '/', '/css/app.css', '/vendor/chart.js/chart.umd.js']) {
        expect([path, (await app.http.get(path)).status]).toEqual([path, 200]);
      }
      expect((await app.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`)).status).toBe(200);
      const hook = await app.http
        .post('/webhooks/fonnte?secret=test-secret')
        .set('x-request-id', 'req-0001')
        .set('user-agent', 'fonnte-test')
        .send(textMessage('6281200000009', '#cek'));
      expect(hook.status).toBe(200);
      expect((await app.http.get('/no/such/page?x=1')).status).toBe(404);
      await app.services.processor.whenIdle();

      const text = await out.text();
      const requests = text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .filter((l) => l.msg === 'request completed');
      expect(requests.map((l) => [(l.req as { path: string }).path, (l.res as { statusCode: number }).statusCode])).toEqual([
        ['/webhooks/fonnte', 200],
        ['/no/such/page', 404],
      ]);
      const [webhook] = requests;
      expect(webhook).toMatchObject({ req: { id: 'req-0001', method: 'POST', path: '/webhooks/fonnte' }, res: { statusCode: 200 } });
      expect(Object.keys(webhook!.req as object).sort()).toEqual(['id', 'method', 'path']);
      expect(Object.keys(webhook!.res as object)).toEqual(['statusCode']);
      expect(typeof webhook!.responseTime).toBe('number');
      expect(webhook!.time).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(hook.headers['x-request-id']).toBe('req-0001');
      expect(text).not.toContain('test-secret');
      expect(text).not.toContain('fonnte-test');
      expect(text).not.toContain(METRICS_TOKEN);
    } finally {
      await app.close();
    }
  });
});
