import { z } from 'zod';
import { isoTime } from '../../http/fields.schema';
import { emptyToUndefined } from '../../http/query.schema';
import '../../http/openapi';

const kindField = z.enum(['employees', 'staff']).openapi({ description: 'employees (pegawai, who report) or staff (who sign in).' });

const booleanQuery = z.preprocess(emptyToUndefined, z.enum(['true', 'false']).optional()).transform((v) => v === 'true');

/** POST /api/people/import: the file in a JSON body (base64), like the places import. */
export const peopleImportBody = z
  .strictObject({
    kind: kindField,
    filename: z.string().trim().max(255).nullable().optional().openapi({ description: 'Its name; .csv or .xlsx tells the format.' }),
    content: z.string().min(1).openapi({ description: 'The file (CSV or XLSX) as base64.' }),
    allowNewUnits: z.boolean().optional().openapi({ description: 'Accept units not yet in the directory (a warning each).' }),
  })
  .openapi('PeopleImport');

/** POST /api/people/import: the query; with a raw (non-JSON) body it also carries kind, filename and allowNewUnits. */
export const peopleImportQuery = z.object({
  dryRun: booleanQuery.openapi({ description: 'true: report what the import would do and write nothing.' }),
  kind: z.preprocess(emptyToUndefined, kindField.optional()),
  filename: z.preprocess(emptyToUndefined, z.string().trim().max(255).optional()),
  allowNewUnits: booleanQuery,
});

export const peopleTemplateQuery = z.object({ kind: z.preprocess((v) => emptyToUndefined(v) ?? 'employees', kindField) });

const column = z.enum(['id', 'name', 'phone', 'email', 'department', 'unit', 'level', 'description', 'username', 'status', 'notes']);

const reasonSchema = z.object({
  code: z.string().openapi({
    description:
      'Stable: column_missing, id_invalid, id_duplicate_in_file, name_missing, name_too_long, phone_missing, phone_invalid, ' +
      'phone_duplicate_in_file, phone_taken, email_invalid, unit_unknown, level_missing, level_unknown, username_missing, ' +
      'username_invalid, username_duplicate_in_file, username_taken, status_unknown, text_too_long, person_duplicate_in_file, ' +
      'administrator_protected; as a warning: unit_new.',
  }),
  column: column.nullable(),
  otherRow: z.number().int().optional().openapi({ description: 'The earlier row a duplicate repeats.' }),
});

export const peopleImportReportSchema = z
  .object({
    kind: kindField,
    dryRun: z.boolean(),
    applied: z.boolean().openapi({ description: 'False when nothing was written: a preview, a refused row, or nothing to change.' }),
    columns: z.object({ found: z.array(column), missing: z.array(column), ignored: z.array(z.string()) }),
    counts: z.object({ create: z.number().int(), update: z.number().int(), unchanged: z.number().int(), refused: z.number().int() }),
    rows: z.array(
      z.object({
        row: z.number().int().openapi({ description: 'The spreadsheet row (the header is row 1).' }),
        action: z.enum(['create', 'update', 'unchanged', 'refused']),
        id: z.string().nullable(),
        name: z.string().nullable(),
        changes: z.array(z.string()),
        reasons: z.array(reasonSchema),
        warnings: z.array(reasonSchema),
      }),
    ),
    links: z.array(z.object({ staffId: z.string(), name: z.string(), username: z.string(), url: z.string(), expiresAt: isoTime })),
  })
  .openapi('PeopleImportReport');

export const staffIdParams = z.object({ id: z.string().trim().min(1).max(64) });

/** POST /api/staff/:id/set-password-link */
export const setPasswordLinkSchema = z.object({ staffId: z.string(), url: z.string(), expiresAt: isoTime }).openapi('SetPasswordLink');
