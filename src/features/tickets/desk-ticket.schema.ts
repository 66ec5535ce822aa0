import { z } from 'zod';
import { nullableText, phoneField } from '../../http/fields.schema';
import { emptyToUndefined } from '../../http/query.schema';
import { ticketChannelSchema } from './ticket.schema';

/**
 * The bodies of the desk's own writes on tickets: a report typed in from a phone call, a visit
 * or a letter (POST /tickets), and a message to the reporter (POST /tickets/:no/messages).
 */

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);

/**
 * One object rather than a union, so a bad phone is reported as `reporter.phone` and not as
 * "matches no variant" of `reporter`.
 */
const reporterBody = z
  .strictObject({
    employeeId: z.preprocess(emptyToUndefined, z.string().trim().max(20).optional()).openapi({
      description: 'an employee of the directory (GET /api/employees?q=); their name, phone and unit are used',
    }),
    name: z
      .preprocess(emptyToUndefined, text(100).optional())
      .openapi({ description: 'typed in when the reporter is not in the directory' }),
    phone: z.preprocess(emptyToUndefined, phoneField.optional()).openapi({
      description: 'optional; without one the reporter is never written to by WhatsApp',
    }),
    unit: nullableText(200),
  })
  .superRefine((r, ctx) => {
    if (r.employeeId === undefined && r.name === undefined) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'give employeeId (from the directory) or the name of the reporter' });
    } else if (r.employeeId !== undefined && (r.name !== undefined || r.phone !== undefined || r.unit)) {
      ctx.addIssue({ code: 'custom', path: ['employeeId'], message: 'give either employeeId or name, phone and unit, not both' });
    }
  });

export const deskTicketBody = z
  .strictObject({
    reporter: reporterBody,
    complaint: text(2000),
    channel: ticketChannelSchema,
    placeId: z.number().int().positive().nullable().optional().openapi({
      description: 'an active place id; absent: the place the complaint names, if any; null: none',
    }),
  })
  .openapi('DeskTicket', {
    example: { reporter: { name: 'Bu Sari', phone: '081234567890', unit: 'TU' }, complaint: 'AC ruang 204 bocor', channel: 'telepon' },
  });

export type DeskTicketInput = z.infer<typeof deskTicketBody>;

export const deskMessageBody = z.strictObject({ text: text(2000) }).openapi('DeskMessage');
