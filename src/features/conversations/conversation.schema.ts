import { z } from 'zod';
import { isoTime } from '../../http/fields.schema';

/** GET /conversations/summary: what the dashboard's new-work counter polls. */
export const conversationSummarySchema = z
  .object({
    waiting: z.number().int().openapi({ description: 'chats with messages nobody has acted on' }),
    unread: z.number().int().openapi({ description: 'their unread messages, summed' }),
    latestAt: isoTime.nullable().openapi({ description: 'when the newest waiting message arrived' }),
  })
  .openapi('ConversationSummary');

export type ConversationSummaryJson = z.infer<typeof conversationSummarySchema>;
