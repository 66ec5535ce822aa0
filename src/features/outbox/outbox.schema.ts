import { z } from 'zod';
import { isoTime } from '../../http/fields.schema';

/** One queued or sent reply as the API shows it (the outbox, a ticket's detail). */
export const outboundStatuses = ['queued', 'sending', 'retry', 'sent', 'dead', 'dry_run'] as const;

export const outboundMessageSchema = z
  .object({
    id: z.number().int(),
    target: z.string(),
    body: z.string(),
    kind: z.string(),
    ticketTrackingNo: z.string().nullable(),
    inboundMessageId: z.number().int().nullable(),
    status: z.enum(outboundStatuses),
    attempts: z.number().int(),
    dueAt: isoTime.nullable(),
    lastError: z.string().nullable(),
    providerId: z.string().nullable(),
    deliveryState: z.string().nullable().openapi({ description: "Fonnte's last reported delivery state (its status webhook)" }),
    deliveryUpdatedAt: isoTime.nullable(),
    createdAt: isoTime,
    updatedAt: isoTime,
    sentAt: isoTime.nullable(),
  })
  .openapi('OutboundMessage');

export type OutboundMessageJson = z.infer<typeof outboundMessageSchema>;
