import { z } from 'zod';
import { isoTime } from '../../http/fields.schema';
import { pageSchema, paginationQuery } from '../../http/pagination';
import { dateRangeShape, emptyToUndefined, epochRange, listOf, optionalQueryText, refineDateRange } from '../../http/query.schema';
import { inboundMessageSchema } from '../inbound/inbound.schema';
import { outboundMessageSchema } from '../outbox/outbox.schema';
import type { TicketFilter } from './ticket-filter.repository';
import type { TicketSortKey } from './ticket-sort.repository';
import { ticketStatuses } from './ticket-status';
import type { DueState } from './ticket-due';
import { ticketChannels } from './ticket.model';

/**
 * The zod schemas of the ticket routes (and of the message and outbox logs, which share
 * the filters), used both to validate requests and to describe them in OpenAPI.
 */

export const ticketStatusSchema = z.enum(ticketStatuses).openapi({ description: 'baru → proses → pending → selesai → ditutup' });

export const ticketChannelSchema = z.enum(ticketChannels).openapi({
  description: 'how the report reached the desk: whatsapp, telepon, datang_langsung (walk-in), surat_email (letter or e-mail)',
});

/** A tracking number as typed: any case; read back upper-cased. */
export const trackingNoParam = z.object({
  trackingNo: z
    .string()
    .trim()
    .regex(/^[A-Za-z]{1,8}\d{7,12}$/, 'must be a tracking number such as BRT2409001')
    .transform((s) => s.toUpperCase())
    .openapi({ example: 'BRT2409001' }),
});

const ticketSortKeys = ['createdAt', 'updatedAt', 'status', 'trackingNo', 'dueAt'] as const satisfies readonly TicketSortKey[];

const ticketPrioritySchema = z
  .enum(['rendah', 'normal', 'tinggi', 'darurat'])
  .openapi({ description: 'rendah, normal, tinggi or darurat (its SLA runs on the wall clock)' });

const dueStates = ['ok', 'soon', 'late', 'met', 'paused', 'none'] as const satisfies readonly DueState[];

/** The filters shared by the list and the export. */
const ticketFilterQuery = z
  .object({
    status: listOf(ticketStatusSchema).openapi({ description: 'one or several, comma-separated or repeated' }),
    channel: listOf(ticketChannelSchema).openapi({ description: 'one or several, comma-separated or repeated' }),
    assignee: optionalQueryText(20).openapi({ description: 'staff id of a technician actively assigned' }),
    reporter: optionalQueryText(64).openapi({ description: "the reporter's phone (any format) or employee id" }),
    category: listOf(z.coerce.number().int().min(0)).openapi({
      description: 'category ids, comma-separated or repeated; 0 for tickets without a category',
    }),
    priority: listOf(ticketPrioritySchema).openapi({ description: 'one or several, comma-separated or repeated' }),
    place: z.coerce.number().int().positive().optional().openapi({
      description: 'a place id: its tickets and those of every place under it (a building lists its floors and rooms)',
    }),
    due: z.enum(['late', 'soon']).optional().openapi({
      description:
        'late: the running SLA clock is past its due; soon (hampir terlambat): its reminder went out. Paused tickets are neither.',
    }),
    merged: z.enum(['exclude', 'include', 'only']).optional().openapi({
      description:
        'tickets merged into another: left out by default (the main ticket carries their work), included when q is given; include or only to ask',
    }),
    ...dateRangeShape,
    q: optionalQueryText(200).openapi({
      description:
        "words that begin words of the complaint or the reporter's name, in any order (pieces under 3 characters, like AC or 3.2, as substrings); or a tracking number's beginning (BRT2409); or the reporter's phone",
    }),
    sort: z
      .enum(ticketSortKeys)
      .default('createdAt')
      .openapi({ description: "dueAt: the running clock's due; tickets without one come last" }),
    order: z.enum(['asc', 'desc']).default('desc'),
  })
  .superRefine(refineDateRange);

export const ticketListQuery = z.object({ ...ticketFilterQuery.shape, ...paginationQuery.shape }).superRefine(refineDateRange);

export const ticketExportQuery = z
  .object({ ...ticketFilterQuery.shape, format: z.enum(['xlsx', 'csv']).default('xlsx') })
  .superRefine(refineDateRange);

export type TicketFilterQuery = z.infer<typeof ticketFilterQuery>;

const note = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

export const assignBody = z
  .object({
    staffId: z.string().trim().min(1).max(20),
    note: z.preprocess(emptyToUndefined, note(1000).nullish()).transform((v) => v ?? null),
  })
  .openapi('AssignTechnician');

export const assignmentParams = z.object({
  ...trackingNoParam.shape,
  id: z.coerce.number().int().positive(),
});

export const noteBody = z.object({ note: note(2000) }).openapi('TicketNote');

/** PATCH /tickets/:no/classification: the desk's category and priority; at least one. */
export const classificationBody = z
  .strictObject({
    categoryId: z.number().int().positive().nullable().optional().openapi({ description: 'a category id; null takes the category away' }),
    priority: ticketPrioritySchema.optional(),
  })
  .refine((b) => b.categoryId !== undefined || b.priority !== undefined, { message: 'give categoryId or priority' })
  .openapi('TicketClassification');

export const statusBody = z
  .object({
    status: ticketStatusSchema,
    note: z.preprocess(emptyToUndefined, note(1000).nullish()).transform((v) => v ?? null),
  })
  .openapi('TicketStatusChange');

// ---------------------------------------------------------------------------
// Response shapes. Presenters return exactly these types, so the document and the
// JSON cannot drift apart. Times are ISO 8601 strings in UTC; durations are ms.

const assigneeSchema = z.object({ assignmentId: z.number().int(), staffId: z.string(), name: z.string() });

export const ticketSummarySchema = z
  .object({
    trackingNo: z.string(),
    status: ticketStatusSchema,
    complaint: z.string(),
    channel: ticketChannelSchema,
    reporter: z.object({
      employeeId: z.string().nullable(),
      name: z.string(),
      phone: z
        .string()
        .nullable()
        .openapi({ description: 'null: the desk took the report from someone without a phone; nobody is written to' }),
      unit: z.string().nullable(),
    }),
    assignees: z.array(assigneeSchema).openapi({ description: 'technicians actively assigned' }),
    category: z
      .object({ id: z.number().int(), code: z.string(), name: z.string() })
      .nullable()
      .openapi({ description: 'null: nothing in the complaint was recognised and nobody chose one' }),
    place: z
      .object({ id: z.number().int(), code: z.string(), name: z.string(), path: z.string() })
      .nullable()
      .openapi({ description: 'where the fault is; path runs from the building down; null: no place recognised or chosen' }),
    priority: ticketPrioritySchema,
    due: z
      .object({
        assignAt: isoTime.nullable().openapi({ description: 'time to assign is due' }),
        startAt: isoTime.nullable().openapi({ description: 'time to start (first #start) is due' }),
        finishAt: isoTime.nullable().openapi({ description: 'time to finish is due' }),
        nextAt: isoTime.nullable().openapi({ description: 'the due of the clock running now; null when none runs' }),
        state: z.enum(dueStates).openapi({
          description:
            'ok; soon (hampir terlambat: the reminder of the running clock went out); late (terlambat: past its due, or finished after the finish due); met; paused (pending); none (no target)',
        }),
        workingTime: z.boolean().openapi({ description: 'false for darurat, whose clocks run on the wall clock' }),
        leftMinutes: z.number().int().nullable().openapi({
          description: 'in the ticket detail only: minutes left until nextAt, counted in working time unless darurat; null elsewhere',
        }),
        lateMinutes: z.number().int().nullable().openapi({ description: 'wall-clock minutes past nextAt when late' }),
      })
      .openapi({ description: 'the SLA due times (migration 0009)' }),
    createdAt: isoTime,
    updatedAt: isoTime,
    firstAssignedAt: isoTime.nullable(),
    finishedAt: isoTime.nullable(),
    closedAt: isoTime.nullable(),
    ageDays: z.number().int().openapi({ description: 'whole days since creation in APP_TIMEZONE; stops at finish (or closing)' }),
    age: z.string().openapi({ example: 'H+3' }),
    durationMs: z.number().int().nullable().openapi({ description: 'creation to finish (or closing), when finished' }),
  })
  .openapi('TicketSummary');

export const ticketPageSchema = pageSchema(ticketSummarySchema)
  .extend({
    totalIsLowerBound: z.boolean().openapi({
      description:
        'true when total is only a lower bound: more than 10,000 tickets match (total is 10000), or, on MySQL, a common word was counted among the 2,000 newest tickets',
    }),
  })
  .openapi('TicketPage');

export const assignmentSchema = z
  .object({
    id: z.number().int(),
    trackingNo: z.string(),
    staff: z.object({ id: z.string(), name: z.string(), phone: z.string().nullable() }),
    note: z.string().nullable(),
    status: z.enum(['active', 'withdrawn']),
    assignedBy: z.string().nullable(),
    assignedAt: isoTime,
    startedAt: isoTime.nullable(),
    finishedAt: isoTime.nullable(),
    withdrawnAt: isoTime.nullable(),
  })
  .openapi('Assignment');

export const ticketEventSchema = z
  .object({
    id: z.number().int(),
    kind: z.string(),
    note: z.string(),
    statusFrom: ticketStatusSchema.nullable(),
    statusTo: ticketStatusSchema.nullable(),
    actorKind: z.enum(['reporter', 'staff', 'system']),
    actorName: z.string().nullable(),
    createdAt: isoTime,
  })
  .openapi('TicketEvent');

const ticketMediaSchema = z
  .object({
    id: z.number().int(),
    status: z.enum(['pending', 'downloading', 'stored', 'failed']),
    contentType: z.string().nullable(),
    sizeBytes: z.number().int().nullable(),
    ticketEventId: z.number().int().nullable().openapi({ description: "set for a technician's proof: the history entry it belongs to" }),
    inboundMessageId: z.number().int().nullable(),
    createdAt: isoTime,
  })
  .openapi('TicketMedia');

/** An outbound message of a ticket, with the desk member who wrote it (a desk message) or null. */
export const ticketOutboundSchema = outboundMessageSchema
  .extend({ writtenBy: z.object({ id: z.string(), name: z.string() }).nullable() })
  .openapi('TicketOutboundMessage');

const ticketFollowerSchema = z
  .object({
    name: z.string().nullable(),
    phone: z.string(),
    since: isoTime,
    viaTrackingNo: z
      .string()
      .nullable()
      .openapi({ description: 'their own ticket, merged into this one; null when they followed with #ikut' }),
  })
  .openapi('TicketFollower');

/** Followers and merges of a ticket (issue 15 part 3). */
const ticketMergeFactsSchema = z.object({
  followers: z.array(ticketFollowerSchema).openapi({ description: 'who hears what the reporter hears and may confirm or reopen' }),
  mergedInto: z
    .object({ trackingNo: z.string(), status: ticketStatusSchema })
    .nullable()
    .openapi({ description: 'the ticket this one was merged into; it closes with it' }),
  merged: z
    .array(z.object({ trackingNo: z.string(), status: ticketStatusSchema, reporterName: z.string(), mergedAt: isoTime }))
    .openapi({ description: 'the tickets merged into this one, oldest merge first' }),
});

export const ticketDetailSchema = z
  .object({
    ticket: ticketSummarySchema,
    assignments: z.array(assignmentSchema).openapi({ description: 'every assignment, withdrawn ones included, oldest first' }),
    events: z.array(ticketEventSchema).openapi({ description: 'the history #track shows, oldest first' }),
    inboundMessages: z.array(inboundMessageSchema),
    outboundMessages: z.array(ticketOutboundSchema),
    media: z.array(ticketMediaSchema).openapi({ description: 'photos and documents; a stored one is served by GET /api/media/{id}' }),
  })
  .extend(ticketMergeFactsSchema.shape)
  .openapi('TicketDetail');

export type TicketSummaryJson = z.infer<typeof ticketSummarySchema>;
export type AssignmentJson = z.infer<typeof assignmentSchema>;
export type TicketEventJson = z.infer<typeof ticketEventSchema>;
export type TicketDetailJson = z.infer<typeof ticketDetailSchema>;
export type TicketOutboundJson = z.infer<typeof ticketOutboundSchema>;

// ---------------------------------------------------------------------------
// Glue shared by the ticket, message, outbox and stats routes.

/** The list and export filters as the query repository reads them. */
export function ticketFilterFrom(q: TicketFilterQuery, ctx: { tz: string; now: number }): TicketFilter {
  const range = epochRange(q, ctx.tz);
  return {
    ...(q.status ? { statuses: q.status } : {}),
    ...(q.channel ? { channels: q.channel } : {}),
    ...(q.assignee ? { assigneeId: q.assignee } : {}),
    ...(q.reporter ? { reporter: q.reporter } : {}),
    ...(range.from !== undefined ? { createdFrom: range.from } : {}),
    ...(range.to !== undefined ? { createdTo: range.to } : {}),
    ...(q.q ? { q: q.q } : {}),
    ...(q.category ? { categoryIds: q.category } : {}),
    ...(q.priority ? { priorities: q.priority } : {}),
    ...(q.place ? { placeId: q.place } : {}),
    ...(q.due ? { due: { state: q.due, now: ctx.now } } : {}),
    ...(q.merged ? { merged: q.merged } : {}),
  };
}
