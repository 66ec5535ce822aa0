import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/** Masks the middle of a phone number so logs identify a sender without exposing it. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  if (phone.includes('@')) return phone.replace(/^(\d{4})\d+(\d{3})@/, '$1****$2@');
  return phone.length <= 7 ? '****' : `${phone.slice(0, 4)}****${phone.slice(-3)}`;
}

type LogFormat = 'pretty' | 'json';

export interface LoggerOptions {
  /** pretty: pino-pretty, for people at a terminal; json (default): one object per line, ISO times. */
  format?: LogFormat;
  /** Where lines go; default stdout. Tests pass a stream to read what was logged. */
  destination?: NodeJS.WritableStream;
  /** Colours in pretty output; default: whether the destination (stdout) is a terminal. */
  colorize?: boolean;
}

/**
 * The service's logger. `createLogger(config.logLevel, base, { format: config.logFormat })`.
 * Pretty output is formatted by pino-pretty as a synchronous stream in this process (not a
 * worker transport), so a short CLI run or a test that ends at once loses no line.
 */
export function createLogger(level: string, base: Record<string, unknown> = {}, options: LoggerOptions = {}): Logger {
  const opts: pino.LoggerOptions = {
    level,
    base: { service: 'wa-ticketing', ...base },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Tokens and secrets never reach the log, whatever object is logged.
    redact: {
      paths: [
        'req.headers.authorization',
        'req.query.secret',
        'token',
        'password',
        'passwordHash',
        '*.token',
        '*.password',
        '*.passwordHash',
      ],
      censor: '[redacted]',
    },
  };
  if (options.format === 'pretty') {
    // Without a destination, file descriptor 1 written synchronously (sonic-boom), not process.stdout piped.
    const destination = options.destination ?? 1;
    const colorize = options.colorize ?? (options.destination ? false : process.stdout.isTTY === true);
    return pino(opts, pretty({ colorize, translateTime: 'SYS:standard', ignore: 'pid,hostname,service', sync: true, destination }));
  }
  return options.destination ? pino(opts, options.destination) : pino(opts);
}
