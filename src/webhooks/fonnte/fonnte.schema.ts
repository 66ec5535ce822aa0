import { z } from 'zod';

// Fonnte sends JSON, but form-encoded posts and older devices turn every value into a
// string; these accept both shapes and reject anything structured where text belongs.
const text = z.union([z.string(), z.number(), z.boolean()]).transform(String).optional();
const flag = z
  .union([z.boolean(), z.string(), z.number()])
  .transform((v) => v === true || v === 'true' || v === 1 || v === '1')
  .optional();
const epochSeconds = z
  .union([z.number(), z.string()])
  .transform((v) => Number(v))
  .pipe(z.number().int().positive())
  .optional()
  .catch(undefined);

/**
 * An incoming message webhook (https://docs.fonnte.com/webhook-get-message-text/ and
 * payloads captured from devices: see shared/fonnte-notes.md). `text` is the pressed
 * button's label — literally "non-button message" otherwise — so it is never the body.
 */
export const fonnteMessageSchema = z.object({
  device: text,
  sender: text,
  pengirim: text,
  member: text,
  name: text,
  message: text,
  pesan: text,
  url: text,
  filename: text,
  extension: text,
  type: text,
  inboxid: text,
  timestamp: epochSeconds,
  isgroup: flag,
});

export type FonnteMessagePayload = z.infer<typeof fonnteMessageSchema>;
