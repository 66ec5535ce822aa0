import pino, { type Logger } from 'pino';

export type { Logger };

/** Masks the middle of a phone number so logs identify a sender without exposing it. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  if (phone.includes('@')) return phone.replace(/^(\d{4})\d+(\d{3})@/, '$1****$2@');
  return phone.length <= 7 ? '****' : `${phone.slice(0, 4)}****${phone.slice(-3)}`;
}

export function createLogger(level: string, base: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: 'wa-ticketing', ...base },
    // Tokens and secrets never reach the log, whatever object is logged.
    redact: {
      paths: ['req.headers.authorization', 'req.query.secret', '*.token', '*.password', '*.passwordHash'],
      censor: '[redacted]',
    },
  });
}
