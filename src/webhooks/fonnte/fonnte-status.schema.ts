import { z } from 'zod';

// Like the message webhook: JSON or form-encoded, so every scalar may arrive as a string.
const text = z
  .union([z.string(), z.number()])
  .transform((v) => String(v).trim())
  .optional()
  .catch(undefined);

/**
 * A message-status callback (https://docs.fonnte.com/ "webhook update message status"):
 * `id` is what /send returned; `stateid` links later callbacks that carry no `id`.
 * `status` and `state` hold sent, delivered, read, or the older pending/invalid/expired…
 */
export const fonnteMessageStatusSchema = z.object({
  device: text,
  id: z
    .union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))])
    .transform((v) => String(Array.isArray(v) ? (v[0] ?? '') : v).trim())
    .optional()
    .catch(undefined),
  stateid: text,
  status: text,
  state: text,
});

/**
 * Fonnte's device callback: `{device, status: "connect"|"disconnect", timestamp, reason?}`.
 * `timestamp` is unix seconds; milliseconds and ISO strings are accepted too.
 */
export const fonnteDeviceStatusSchema = z.object({
  device: z
    .union([z.string(), z.number()])
    .transform((v) => String(v).trim())
    .pipe(z.string().min(1)),
  status: z
    .string()
    .transform((v) => v.trim().toLowerCase())
    .pipe(z.enum(['connect', 'disconnect'])),
  timestamp: z.union([z.number(), z.string()]).transform(toEpochMs).optional().catch(undefined),
  reason: text,
});

function toEpochMs(v: number | string): number | undefined {
  const n = typeof v === 'number' ? v : /^\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(n) || n <= 0) return undefined;
  // Seconds until the year 33658; Fonnte sends seconds.
  return n < 1e12 ? Math.round(n * 1000) : Math.round(n);
}
