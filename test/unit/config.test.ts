import { ConfigError, loadConfig } from '../../src/config';

describe('loadConfig', () => {
  test('When nothing is set in test mode, then the documented defaults apply and the result is frozen', () => {
    const c = loadConfig({ NODE_ENV: 'test' });
    expect(c).toMatchObject({
      port: 3000,
      databaseUrl: 'sqlite:./data/wa-ticketing.db',
      ticketPrefix: 'BRT',
      timezone: 'Asia/Jakarta',
      unknownSenders: 'accept',
      fonnte: { dryRun: true, apiUrl: 'https://api.fonnte.com' },
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  test('When values are malformed, then one error names every bad variable', () => {
    expect(() =>
      loadConfig({ NODE_ENV: 'test', PORT: 'abc', APP_TIMEZONE: 'Mars/Olympus', UNKNOWN_SENDERS: 'maybe', DATABASE_URL: 'postgres://x' }),
    ).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/PORT[\s\S]*DATABASE_URL[\s\S]*APP_TIMEZONE[\s\S]*UNKNOWN_SENDERS/) }),
    );
  });

  test('When the DRAFT_* variables are unset, then a draft gathers 20 s after the last message (90 s at most) and waits 30 minutes for YA', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).drafts).toEqual({ gatherMs: 20_000, gatherMaxMs: 90_000, timeoutMs: 30 * 60_000 });
  });

  test('When the DRAFT_* variables are set, then they are read in seconds and minutes, and a bad one is named', () => {
    const c = loadConfig({ NODE_ENV: 'test', DRAFT_GATHER_SECONDS: '5', DRAFT_GATHER_MAX_SECONDS: '30', DRAFT_TIMEOUT_MINUTES: '10' });
    expect(c.drafts).toEqual({ gatherMs: 5_000, gatherMaxMs: 30_000, timeoutMs: 600_000 });
    expect(() => loadConfig({ NODE_ENV: 'test', DRAFT_GATHER_SECONDS: '0', DRAFT_TIMEOUT_MINUTES: 'soon' })).toThrow(
      /DRAFT_GATHER_SECONDS[\s\S]*DRAFT_TIMEOUT_MINUTES/,
    );
  });

  test('When production runs without WEBHOOK_SECRET, then boot stops naming it', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/WEBHOOK_SECRET/);
  });

  test('When FONNTE_DEVICE is written as 08…, then it is normalised to 62…', () => {
    expect(loadConfig({ NODE_ENV: 'test', FONNTE_DEVICE: '0812-3456-789', FONNTE_TOKEN: 't' }).fonnte).toMatchObject({
      device: '628123456789',
      dryRun: false,
    });
  });
});
