import { z } from 'zod';
import { isoTime } from '../../http/fields.schema';

/** One stored incoming message as the API shows it (the message log, a ticket's detail). */
export const inboundMessageSchema = z
  .object({
    id: z.number().int(),
    chatId: z.string(),
    senderPhone: z.string(),
    senderName: z.string().nullable(),
    isGroup: z.boolean(),
    body: z.string(),
    messageType: z.string().nullable(),
    media: z.object({ url: z.string(), filename: z.string().nullable(), extension: z.string().nullable() }).nullable(),
    status: z.enum(['pending', 'processed', 'ignored', 'failed']),
    command: z.string().nullable(),
    ticketTrackingNo: z.string().nullable(),
    error: z.string().nullable(),
    sentAt: isoTime.nullable(),
    receivedAt: isoTime,
    processedAt: isoTime.nullable(),
  })
  .openapi('InboundMessage');

export type InboundMessageJson = z.infer<typeof inboundMessageSchema>;
