import { z } from 'zod';
import { activeStatus, isoTime, optionalEmail, phoneField, recordId } from '../../http/fields.schema';
import { pageSchema, paginationQuery } from '../../http/pagination';
import { nullableText } from '../../http/fields.schema';

/** GET /api/employees */
export const employeeListQuery = paginationQuery.extend({
  q: z.string().trim().max(100).optional().openapi({ description: 'Text found in the name, id, phone or unit.' }),
  status: activeStatus.optional(),
});
export type EmployeeListQuery = z.infer<typeof employeeListQuery>;

/** POST /api/employees */
export const employeeCreateBody = z
  .strictObject({
    id: recordId.optional().openapi({ description: 'Generated as PGW{YY}{MM}{NNN} when not given.', example: 'PGW2409001' }),
    name: z.string().trim().min(1).max(100),
    email: optionalEmail,
    phone: phoneField,
    department: nullableText(100),
    unit: nullableText(100),
    notes: nullableText(2000),
  })
  .openapi('EmployeeCreate');
export type EmployeeCreateInput = z.infer<typeof employeeCreateBody>;

/** PATCH /api/employees/:id: only the fields given change. */
export const employeeUpdateBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100).optional(),
    email: optionalEmail,
    phone: phoneField.optional(),
    department: nullableText(100),
    unit: nullableText(100),
    notes: nullableText(2000),
    status: activeStatus.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'give at least one field to change' })
  .openapi('EmployeeUpdate');
export type EmployeeUpdateInput = z.infer<typeof employeeUpdateBody>;

export const employeeSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string(),
    department: z.string().nullable(),
    unit: z.string().nullable(),
    status: activeStatus,
    notes: z.string().nullable(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .openapi('Employee');
export type EmployeeView = z.infer<typeof employeeSchema>;

export const employeePageSchema = pageSchema(employeeSchema).openapi('EmployeePage');
