import { z } from 'zod';
import { activeStatus, isoTime, optionalEmail, phoneField, recordId } from '../../http/fields.schema';
import { pageSchema, paginationQuery } from '../../http/pagination';
import { MIN_PASSWORD_LENGTH } from '../auth/password';
import { nullableText } from '../../http/fields.schema';

const staffLevel = z
  .enum(['Administrator', 'Staf', 'TBO'])
  .openapi({ description: 'Administrator, Staf (admin staff) or TBO (technician).' });

/** Stored lower-case: MySQL compares usernames case-insensitively and SQLite does not, so both see one spelling. */
export const usernameField = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,64}$/, '3 to 64 letters, digits, ".", "_" or "-"');

export const newPasswordField = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(1024)
  .openapi({ format: 'password' });

/** GET /api/staff */
export const staffListQuery = paginationQuery.extend({
  q: z.string().trim().max(100).optional().openapi({ description: 'Text found in the name, id, username or phone.' }),
  level: staffLevel.optional(),
  status: activeStatus.optional(),
});
export type StaffListQuery = z.infer<typeof staffListQuery>;

/** POST /api/staff */
export const staffCreateBody = z
  .strictObject({
    id: recordId
      .optional()
      .openapi({ description: 'Generated as ADM01, ADM02… (the first free number) when not given.', example: 'ADM06' }),
    name: z.string().trim().min(1).max(100),
    level: staffLevel,
    description: nullableText(2000),
    email: optionalEmail,
    phone: phoneField.nullable().optional(),
    username: usernameField,
    password: newPasswordField,
    notes: nullableText(2000),
  })
  .openapi('StaffCreate');
export type StaffCreateInput = z.infer<typeof staffCreateBody>;

/** PATCH /api/staff/:id: only the fields given change; a new password or `status: inactive` signs the person out everywhere. */
export const staffUpdateBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    level: staffLevel.optional(),
    description: nullableText(2000),
    email: optionalEmail,
    phone: phoneField.nullable().optional(),
    username: usernameField.optional(),
    password: newPasswordField.optional(),
    status: activeStatus.optional(),
    notes: nullableText(2000),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'give at least one field to change' })
  .openapi('StaffUpdate');
export type StaffUpdateInput = z.infer<typeof staffUpdateBody>;

export const staffSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    level: staffLevel,
    description: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    username: z.string(),
    status: activeStatus,
    notes: z.string().nullable(),
    lastLoginAt: isoTime.nullable(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .openapi('Staff');
export type StaffView = z.infer<typeof staffSchema>;

export const staffPageSchema = pageSchema(staffSchema).openapi('StaffPage');
