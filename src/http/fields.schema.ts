import { z } from 'zod';
import { normalizePhone } from '../shared/phone';
import './openapi';

/*
 * Field schemas shared by the people routes (employees, staff), so a phone number or an
 * id is validated and described the same way everywhere.
 */

/** A person's number in any common spelling (`0812…`, `+62 812-…`), stored as `62…` digits. */
export const phoneField = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .transform((value, ctx) => {
    const phone = normalizePhone(value);
    if (!/^\d{8,15}$/.test(phone)) {
      ctx.addIssue({ code: 'custom', message: 'must be a phone number such as 0812… or 62812…' });
      return z.NEVER;
    }
    return phone;
  })
  .openapi({ description: 'Any common spelling; stored and returned as international digits (62…).', example: '081234567890' });

/** An optional free-text field; empty text is stored as null. */
export const nullableText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .transform((v) => (v === '' ? null : v))
    .optional();

export const optionalEmail = z
  .union([z.literal(''), z.email().max(255)])
  .nullable()
  .transform((v) => (v === '' ? null : v))
  .optional();

/** A record id given by a client (`PGW2409001`, `ADM07`): letters, digits, `.`, `_`, `-`; stored upper-case. */
export const recordId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,20}$/, 'letters, digits, ".", "_" or "-", at most 20')
  .toUpperCase();

export const idParams = z.object({ id: z.string().trim().min(1).max(64) });

export const activeStatus = z.enum(['active', 'inactive']);

const EPOCH_MS = /^\d{1,15}$/;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/**
 * An instant in a query string: epoch milliseconds, a date (midnight UTC) or a date-time
 * with its zone. A date-time without a zone is refused: it would mean the server's zone.
 */
export const instantQuery = z
  .string()
  .trim()
  .refine(
    (v) => EPOCH_MS.test(v) || (ISO_WITH_ZONE.test(v) && !Number.isNaN(Date.parse(v))),
    'must be epoch milliseconds or ISO 8601 with a zone (2024-09-01T00:00:00+07:00)',
  )
  .transform((v) => (EPOCH_MS.test(v) ? Number(v) : Date.parse(v)))
  .openapi({
    description: 'Epoch milliseconds, a date (midnight UTC) or an ISO 8601 date-time with Z or an offset.',
    example: '2024-09-01T00:00:00+07:00',
  });

/** How every time is returned: ISO 8601 in UTC. */
export const isoTime = z.string().openapi({ format: 'date-time', example: '2024-09-16T11:26:28.000Z' });
export const toIso = (ms: number) => new Date(ms).toISOString();
export const toIsoOrNull = (ms: number | null) => (ms === null ? null : toIso(ms));
