import { z } from 'zod';
import { isoTime } from '../../http/fields.schema';

/*
 * Bodies and answers of the working calendar's routes: /api/sla/calendar, /api/holidays and
 * /api/sla-targets.
 */

const hhmm = z.string().openapi({ example: '07:30' });

export const calendarSchema = z
  .object({
    timezone: z.string().openapi({ example: 'Asia/Jakarta' }),
    week: z
      .array(z.object({ day: z.number().int().min(0).max(6), spans: z.array(z.object({ from: hhmm, to: hhmm })) }))
      .openapi({ description: 'WORK_WEEK, Sunday (0) to Saturday (6); read-only: it is set in the environment.' }),
  })
  .openapi('WorkingCalendar');

/** A calendar day, YYYY-MM-DD, that exists. */
const dayField = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day as YYYY-MM-DD')
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().startsWith(d);
  }, 'is not a day of the calendar')
  .openapi({ example: '2026-03-20' });

export const holidayListQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional().openapi({ description: 'Only this year; every holiday when absent.' }),
});

export const holidayBody = z.strictObject({ day: dayField, name: z.string().trim().min(1).max(200) }).openapi('HolidayCreate');

export const holidayParams = z.object({ day: dayField });

export const holidaySchema = z.object({ day: z.string(), name: z.string(), createdAt: isoTime }).openapi('Holiday');
export const holidayListSchema = z.object({ items: z.array(holidaySchema) }).openapi('HolidayList');

/** Up to the /api body limit: a year of holidays is a few kilobytes. */
export const holidayImportBody = z
  .strictObject({ format: z.enum(['csv', 'ics']), text: z.string().min(1).max(90_000) })
  .openapi('HolidayImport', { description: 'The text of a CSV (`YYYY-MM-DD,Nama` or `DD/MM/YYYY,Nama`) or iCalendar file.' });

export const holidayImportQuery = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .openapi({ description: 'Answer what would happen without writing.' }),
});

const importedDay = z.object({ line: z.number().int(), day: z.string(), name: z.string() });
export const holidayImportSchema = z
  .object({
    dryRun: z.boolean(),
    added: z.array(importedDay).openapi({ description: 'Days new to the calendar (written unless dryRun).' }),
    existing: z.array(importedDay.extend({ storedName: z.string() })).openapi({ description: 'Days already holidays; left as they are.' }),
    refused: z
      .array(
        z.object({
          line: z.number().int(),
          text: z.string(),
          reason: z.enum(['bad-date', 'no-name', 'name-too-long', 'duplicate-in-file', 'recurring', 'too-long', 'cancelled', 'observance']),
        }),
      )
      .openapi({ description: 'Lines (or events, by their BEGIN:VEVENT line) not taken, and why.' }),
  })
  .openapi('HolidayImportResult');

const priorityField = z.enum(['rendah', 'normal', 'tinggi', 'darurat']);

const minutesField = z
  .number()
  .int()
  .min(1)
  .max(365 * 24 * 60)
  .nullable()
  .openapi({ description: 'Working minutes (wall-clock for darurat); null = no target for this clock.' });

export const slaTargetBody = z
  .strictObject({
    categoryId: z.number().int().positive().nullable().openapi({ description: 'null: the default for every category.' }),
    priority: priorityField,
    assignMinutes: minutesField,
    startMinutes: minutesField,
    finishMinutes: minutesField,
  })
  .openapi('SlaTargetPut');

export const slaTargetParams = z.object({ id: z.coerce.number().int().positive() });

export const slaTargetSchema = z
  .object({
    id: z.number().int(),
    categoryId: z.number().int().nullable(),
    categoryName: z.string().nullable(),
    priority: priorityField,
    assignMinutes: z.number().int().nullable(),
    startMinutes: z.number().int().nullable(),
    finishMinutes: z.number().int().nullable(),
    wallClock: z.boolean().openapi({ description: 'true for darurat: counted on the wall clock, not working time.' }),
    updatedAt: isoTime,
  })
  .openapi('SlaTarget');
export const slaTargetListSchema = z.object({ items: z.array(slaTargetSchema) }).openapi('SlaTargetList');
