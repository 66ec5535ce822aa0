import { z } from 'zod';
import { instantQuery, isoTime } from '../../http/fields.schema';
import { pageSchema, paginationQuery } from '../../http/pagination';

/** GET /api/audit */
export const auditListQuery = paginationQuery.extend({
  entity: z
    .string()
    .trim()
    .min(1)
    .max(32)
    .optional()
    .openapi({ description: 'employee, staff, ticket, assignment, …', example: 'employee' }),
  entityId: z.string().trim().min(1).max(64).optional(),
  actor: z.string().trim().min(1).max(20).optional().openapi({ description: 'Staff id of who made the change.', example: 'ADM01' }),
  from: instantQuery.optional().openapi({ description: 'From this instant, inclusive.' }),
  to: instantQuery.optional().openapi({ description: 'Before this instant (exclusive), so consecutive ranges do not overlap.' }),
});
export type AuditListQuery = z.infer<typeof auditListQuery>;

const auditEntrySchema = z
  .object({
    id: z.number().int(),
    at: isoTime,
    actor: z
      .object({ id: z.string(), name: z.string().nullable() })
      .nullable()
      .openapi({ description: 'Null for the system (bootstrap, CLI).' }),
    action: z.string().openapi({ example: 'employee.update' }),
    entity: z.string(),
    entityId: z.string().nullable(),
    before: z.unknown().openapi({ description: 'The record before the write, as the API shows it; null for a creation.' }),
    after: z.unknown().openapi({ description: 'The record after the write; never a password or its hash.' }),
    requestId: z.string().nullable(),
    ip: z.string().nullable(),
  })
  .openapi('AuditEntry');
export type AuditEntryView = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = pageSchema(auditEntrySchema).openapi('AuditPage');
