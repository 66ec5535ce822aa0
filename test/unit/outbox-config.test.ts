import { ConfigError, loadConfig } from '../../src/config';

describe('loadConfig: the outbox send limit', () => {
  test('When OUTBOX_CONCURRENCY and OUTBOX_MAX_CONCURRENCY are unset, then sends start at 8 in flight and may grow to 128', () => {
    const c = loadConfig({ NODE_ENV: 'test' });
    expect(c.outboxConcurrency).toBe(8);
    expect(c.outboxMaxConcurrency).toBe(128);
  });

  test('When both are set, then both are read', () => {
    const c = loadConfig({ NODE_ENV: 'test', OUTBOX_CONCURRENCY: '4', OUTBOX_MAX_CONCURRENCY: '4' });
    expect([c.outboxConcurrency, c.outboxMaxConcurrency]).toEqual([4, 4]);
  });

  test.each([
    [{ OUTBOX_MAX_CONCURRENCY: '4' }, /OUTBOX_MAX_CONCURRENCY: must be at least OUTBOX_CONCURRENCY \(8\), got 4/],
    [{ OUTBOX_MAX_CONCURRENCY: '0' }, /OUTBOX_MAX_CONCURRENCY/],
    [{ OUTBOX_MAX_CONCURRENCY: 'many' }, /OUTBOX_MAX_CONCURRENCY/],
    [{ OUTBOX_MAX_CONCURRENCY: '5000' }, /OUTBOX_MAX_CONCURRENCY/],
  ])('When %j, then boot stops naming it', (env, message) => {
    expect(() => loadConfig({ NODE_ENV: 'test', ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', ...env })).toThrow(message);
  });
});
