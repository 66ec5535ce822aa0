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
