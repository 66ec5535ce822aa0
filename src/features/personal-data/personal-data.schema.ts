import { z } from 'zod';
import '../../http/openapi';
import { normalizePhone } from '../../shared/phone';

const phoneField = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .transform((s, ctx) => {
    const p = normalizePhone(s);
    if (!/^\d{8,16}$/.test(p)) {
      ctx.addIssue({ code: 'custom', message: 'not a phone number' });
      return z.NEVER;
    }
    return p;
  })
  .openapi({ description: 'A phone number in any usual form (0812…, +62 812…, 62812…).', example: '081234567890' });

const employeeIdField = z.string().trim().min(1).max(20).openapi({ example: 'PGW0001' });

const oneOf = <T extends { phone?: unknown; employeeId?: unknown }>(v: T) => (v.phone === undefined) !== (v.employeeId === undefined);
const oneOfMessage = { message: 'give either phone or employeeId', path: ['phone'] };

/** Who: a phone number or an employee id, exactly one. */
export const personQuery = z.object({ phone: phoneField.optional(), employeeId: employeeIdField.optional() }).refine(oneOf, oneOfMessage);
export type PersonQuery = z.infer<typeof personQuery>;

export const eraseBody = z
  .object({
    phone: phoneField.optional(),
    employeeId: employeeIdField.optional(),
    confirm: z.string().max(40).openapi({ description: 'The phone or employee id typed again.' }),
  })
  .refine(oneOf, oneOfMessage);

const countsSchema = z
  .object({
    ticketsAsReporter: z.number().int(),
    ticketsAsFollower: z.number().int(),
    duplicateOffers: z.number().int().openapi({ description: 'complaints held while they chose #ikut or #baru' }),
    inboundMessages: z.number().int(),
    outboundMessages: z.number().int(),
    ratings: z.number().int(),
    photos: z.number().int().openapi({ description: 'files still under MEDIA_DIR' }),
    conversations: z.number().int().openapi({ description: 'entries in the desk inbox' }),
    drafts: z.number().int(),
    employeeEntries: z.number().int(),
    staffEntries: z.number().int(),
  })
  .openapi('PersonalDataCounts');

export const summarySchema = z
  .object({
    person: z.object({ phone: z.string(), employeeId: z.string().nullable() }),
    employee: z.object({ id: z.string(), name: z.string(), unit: z.string().nullable(), status: z.string() }).nullable(),
    staff: z.array(z.object({ id: z.string(), name: z.string(), level: z.string(), status: z.enum(['active', 'inactive']) })),
    counts: countsSchema,
  })
  .openapi('PersonalDataSummary');

export const eraseResultSchema = z
  .object({
    reference: z.string().openapi({ description: 'The audit entry’s id (entity personal_data): it names nobody.' }),
    counts: countsSchema.openapi({ description: 'What was held before the erasure.' }),
    filesDeleted: z.number().int(),
  })
  .openapi('PersonalDataErasure');
