import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import express from 'express';
import request from 'supertest';
import { createLogger } from '../../src/logger';
import { requestLogger } from '../../src/observability/http';

/** An app whose one route warns through req.log and answers with req.id. */
function appLoggingAt(level: 'info' | 'warn') {
  const out = new PassThrough();
  let text = '';
  out.on('data', (c: Buffer) => (text += c.toString('utf8')));
  const app = express();
  app.use(requestLogger(createLogger(level, {}, { format: 'json', destination: out })));
  app.get('/thing', (req, res) => {
    req.log.warn({ thing: 1 }, 'something odd');
    res.json({ id: req.id });
  });
  return {
    app,
    lines: async () => (
      await sleep(20),
      text
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    ),
  };
}

describe.each(['info', 'warn'] as const)('request ids with LOG_LEVEL=%s', (level) => {
  test('When a request brings an X-Request-Id, then it is echoed, is the request id, and a warning through req.log carries it', async () => {
    const { app, lines } = appLoggingAt(level);
    const res = await request(app).get('/thing?secret=s').set('x-request-id', 'req-0042');
    expect(res.headers['x-request-id']).toBe('req-0042');
    expect(res.body).toEqual({ id: 'req-0042' });
    const logged = await lines();
    expect(logged.find((l) => l.msg === 'something odd')).toMatchObject({ level: 40, thing: 1, req: { id: 'req-0042' } });
    // The per-request line is info: written at info, not at warn.
    expect(logged.some((l) => l.msg === 'request completed')).toBe(level === 'info');
    expect(JSON.stringify(logged)).not.toContain('secret=s');
  });

  test('When the given id is not one, then a new one replaces it', async () => {
    const { app } = appLoggingAt(level);
    const res = await request(app).get('/thing').set('x-request-id', 'bad id with spaces');
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.id).toBe(res.headers['x-request-id']);
  });
});
