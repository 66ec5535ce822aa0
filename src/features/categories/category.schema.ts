import { z } from 'zod';
import { isoTime } from '../../http/fields.schema';
import { normalizePhone } from '../../shared/phone';
import { PRIORITIES } from './category.model';

const priorityField = z.enum(PRIORITIES).openapi({ description: 'rendah, normal, tinggi or darurat (wall-clock SLA).' });

const codeField = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_-]{1,32}$/, '1 to 32 letters, digits, "_" or "-"');

/** A keyword never holds a comma: the column keeps them comma-separated. */
const keywordsField = z
  .array(
    z
      .string()
      .trim()
      .min(1)
      .max(60)
      .regex(/^[^,]*$/, 'a keyword cannot contain a comma'),
  )
  .max(200)
  .transform((ks) => [...new Set(ks.map((k) => k.toLowerCase()))])
  .openapi({
    description: 'Words and phrases that recognise the category ("stop kontak"); case does not matter.',
    example: ['lampu', 'stop kontak'],
  });

/** A phone in any common spelling (stored as 62…) or a WhatsApp group id (…@g.us); empty or null for nobody. */
const supervisorTargetField = z
  .string()
  .trim()
  .max(64)
  .nullable()
  .transform((value, ctx) => {
    if (value === null || value === '') return null;
    const target = normalizePhone(value);
    if (!/^\d{8,15}$/.test(target) && !/^[\d-]{5,}@g\.us$/.test(target)) {
      ctx.addIssue({ code: 'custom', message: 'must be a phone number (0812…, 62812…) or a group id (…@g.us)' });
      return z.NEVER;
    }
    return target;
  })
  .openapi({ description: 'Told when a ticket of this category is late: a phone or a group id.', example: '081234567890' });

const name = z.string().trim().min(1).max(100);
const sortOrder = z.number().int().min(0).max(100000);

/** POST /api/categories */
export const categoryCreateBody = z
  .strictObject({
    code: codeField,
    name,
    keywords: keywordsField.default([]),
    defaultPriority: priorityField.default('normal'),
    supervisorTarget: supervisorTargetField.optional().transform((v) => v ?? null),
    active: z.boolean().default(true),
    sortOrder: sortOrder.optional(),
  })
  .openapi('CategoryCreate');
export type CategoryCreateInput = z.infer<typeof categoryCreateBody>;

/** PATCH /api/categories/:id: only the fields given change; `active: false` retires a category (there is no delete). */
export const categoryUpdateBody = z
  .strictObject({
    code: codeField.optional(),
    name: name.optional(),
    keywords: keywordsField.optional(),
    defaultPriority: priorityField.optional(),
    supervisorTarget: supervisorTargetField.optional(),
    active: z.boolean().optional(),
    sortOrder: sortOrder.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'give at least one field to change' })
  .openapi('CategoryUpdate');
export type CategoryUpdateInput = z.infer<typeof categoryUpdateBody>;

export const categoryIdParams = z.object({ id: z.coerce.number().int().positive() });

export const categorySchema = z
  .object({
    id: z.number().int(),
    code: z.string(),
    name: z.string(),
    keywords: z.array(z.string()),
    defaultPriority: priorityField,
    supervisorTarget: z.string().nullable(),
    active: z.boolean(),
    sortOrder: z.number().int(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .openapi('Category');
export type CategoryView = z.infer<typeof categorySchema>;

export const categoryListSchema = z.object({ items: z.array(categorySchema) }).openapi('CategoryList');
