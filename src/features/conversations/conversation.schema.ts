import { z } from 'zod';
import { isoTime } from '../../http/fields.schema';
import { paginationQuery } from '../../http/pagination';
import { outboundStatuses } from '../outbox/outbox.schema';

/** GET /conversations/summary: what the dashboard's new-work counter polls. */
export const conversationSummarySchema = z
  .object({
    waiting: z.number().int().openapi({ description: 'chats with messages nobody has acted on' }),
    unread: z.number().int().openapi({ description: 'their unread messages, summed' }),
    latestAt: isoTime.nullable().openapi({ description: 'when the newest waiting message arrived' }),
  })
  .openapi('ConversationSummary');

export type ConversationSummaryJson = z.infer<typeof conversationSummarySchema>;

export const conversationListQuery = z.object({
  state: z.enum(['waiting', 'handled', 'all']).default('waiting').openapi({ description: 'waiting (default): nothing acted on yet' }),
  ...paginationQuery.shape,
});

export const chatIdParam = z.object({ chatId: z.string().trim().min(1).max(64).openapi({ description: 'a phone (62…) or a group id' }) });

/** `<epoch ms>.<in|out>.<id>`: the oldest entry a page showed. */
const CURSOR = /^(\d{1,15})\.(in|out)\.(\d{1,15})$/;

export const conversationDetailQuery = z.object({
  before: z
    .string()
    .regex(CURSOR, 'must be the olderCursor of a previous answer')
    .transform((v) => {
      const [, at, direction, id] = CURSOR.exec(v)!;
      return { at: Number(at), direction: direction as 'in' | 'out', id: Number(id) };
    })
    .optional()
    .openapi({ description: "the previous answer's olderCursor: the page of messages before it" }),
  limit: z.coerce.number().int().min(1).max(200).default(200),
});

export const replyBody = z
  .object({ text: z.string().trim().min(1, 'must not be empty').max(4000) })
  .strict()
  .openapi('ConversationReply');

export const ticketFromMessageBody = z
  .object({
    inboundMessageId: z
      .number()
      .int()
      .positive()
      .optional()
      .openapi({ description: 'the message the ticket is made of (its text and photo)' }),
    complaint: z.string().trim().min(1, 'must not be empty').max(2000).optional().openapi({ description: "default: the message's text" }),
  })
  .strict()
  .openapi('ConversationTicket');

const who = z.object({ id: z.string(), name: z.string().nullable() });

export const conversationSchema = z
  .object({
    chatId: z.string(),
    phone: z.string().nullable(),
    name: z.string().nullable().openapi({ description: "the directory's name when the phone is known, else the WhatsApp name" }),
    isGroup: z.boolean(),
    lastMessageAt: isoTime,
    preview: z.string(),
    unread: z.number().int(),
    waitingSince: isoTime.nullable().openapi({ description: 'null: nothing waits (handled)' }),
    handledAt: isoTime.nullable(),
    handledBy: who.nullable(),
  })
  .openapi('Conversation');

const inboundEntrySchema = z.object({
  direction: z.literal('in'),
  id: z.number().int(),
  at: isoTime,
  body: z.string(),
  senderPhone: z.string(),
  senderName: z.string().nullable(),
  media: z.object({ url: z.string(), filename: z.string().nullable(), extension: z.string().nullable() }).nullable(),
  status: z.string(),
  command: z.string().nullable(),
  ticketTrackingNo: z.string().nullable(),
});

export const outboundEntrySchema = z
  .object({
    direction: z.literal('out'),
    id: z.number().int(),
    at: isoTime,
    body: z.string(),
    kind: z.string(),
    status: z.enum(outboundStatuses),
    deliveryState: z.string().nullable().openapi({ description: "Fonnte's last reported delivery state" }),
    deliveryUpdatedAt: isoTime.nullable(),
    sentAt: isoTime.nullable(),
    lastError: z.string().nullable(),
    ticketTrackingNo: z.string().nullable(),
    staff: who.nullable().openapi({ description: 'who at the desk wrote it (desk_message)' }),
  })
  .openapi('ConversationOutbound');

const personSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('employee'),
    id: z.string(),
    name: z.string(),
    department: z.string().nullable(),
    unit: z.string().nullable(),
    email: z.string().nullable(),
    active: z.boolean(),
  }),
  z.object({
    kind: z.literal('staff'),
    id: z.string(),
    name: z.string(),
    level: z.string(),
    email: z.string().nullable(),
    active: z.boolean(),
  }),
]);

const chatTicketSchema = z.object({ trackingNo: z.string(), status: z.string(), complaint: z.string(), createdAt: isoTime });

export const ticketFromMessageSchema = chatTicketSchema
  .extend({ photos: z.number().int().openapi({ description: 'photos queued for download' }) })
  .openapi('ConversationTicketCreated');

export const conversationDetailSchema = z
  .object({
    conversation: conversationSchema,
    messages: z.array(z.discriminatedUnion('direction', [inboundEntrySchema, outboundEntrySchema])).openapi({
      description: 'oldest first; at most `limit`, the newest before `before`',
    }),
    olderCursor: z.string().nullable().openapi({ description: 'pass as `before` for older messages; null: none' }),
    tickets: z.array(chatTicketSchema),
    person: personSchema.nullable().openapi({ description: 'the directory entry of the phone; null for a group or a stranger' }),
  })
  .openapi('ConversationDetail');

export type ConversationJson = z.infer<typeof conversationSchema>;
export type ConversationDetailJson = z.infer<typeof conversationDetailSchema>;
export type ChatEntryJson = ConversationDetailJson['messages'][number];
export type ChatTicketJson = z.infer<typeof chatTicketSchema>;
