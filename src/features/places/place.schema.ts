import { z } from 'zod';
import { emptyToUndefined, optionalQueryText } from '../../http/query.schema';
import '../../http/openapi';
import { PLACE_KINDS } from './place.model';

const placeKindField = z.enum(PLACE_KINDS).openapi({ description: 'building, floor or room.' });

/** What people and QR codes write; stored upper-case so `r-3.2` and `R-3.2` are one place. */
const placeCodeField = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9.-]{1,32}$/, '1 to 32 letters, digits, "." or "-"')
  .openapi({ example: 'R-3.2' });

const placeNameField = z.string().trim().min(1).max(200);

/** One alias per line in the column, so an alias never holds a line break; duplicates (any case) collapse. */
const aliasesField = z
  .array(
    z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[^\r\n]*$/, 'an alias is one line'),
  )
  .max(50)
  .transform((as) => as.filter((a, i) => as.findIndex((b) => b.toLowerCase() === a.toLowerCase()) === i))
  .openapi({ description: 'Other ways people name the place.', example: ['kelas 3.2', 'ruang 3.2'] });

const parentIdField = z
  .number()
  .int()
  .positive()
  .nullable()
  .openapi({ description: "A room's floor or building, a floor's building; null for a building." });

/** POST /api/places */
export const placeCreateBody = z
  .strictObject({
    kind: placeKindField,
    code: placeCodeField,
    name: placeNameField,
    parentId: parentIdField.default(null),
    aliases: aliasesField.default([]),
    active: z.boolean().default(true),
  })
  .openapi('PlaceCreate');
export type PlaceCreateInput = z.infer<typeof placeCreateBody>;

/** PATCH /api/places/:id: only the fields given change; `active: false` deactivates (there is no delete). */
export const placeUpdateBody = z
  .strictObject({
    kind: placeKindField.optional(),
    code: placeCodeField.optional(),
    name: placeNameField.optional(),
    parentId: parentIdField.optional(),
    aliases: aliasesField.optional(),
    active: z.boolean().optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'give at least one field to change' })
  .openapi('PlaceUpdate');
export type PlaceUpdateInput = z.infer<typeof placeUpdateBody>;

export const placeIdParams = z.object({ id: z.coerce.number().int().positive() });

const booleanQuery = z
  .preprocess(emptyToUndefined, z.enum(['true', 'false']).optional())
  .transform((v) => (v === undefined ? undefined : v === 'true'));

/** GET /api/places */
export const placeListQuery = z.object({
  kind: z.preprocess(emptyToUndefined, placeKindField.optional()),
  parent: z
    .preprocess(emptyToUndefined, z.coerce.number().int().positive().optional())
    .openapi({ description: 'Only the direct children of this place.' }),
  q: optionalQueryText(100).openapi({ description: 'Part of the code, name, an alias or the path; case does not matter.' }),
  active: booleanQuery.openapi({ description: 'true or false; both when absent.' }),
});
export type PlaceListFilter = z.infer<typeof placeListQuery>;

export const placeSchema = z
  .object({
    id: z.number().int(),
    kind: placeKindField,
    code: z.string(),
    name: z.string(),
    parentId: z.number().int().nullable(),
    aliases: z.array(z.string()),
    active: z.boolean(),
    path: z.string().openapi({ example: 'Gedung B › Lantai 2 › R-3.2' }),
  })
  .openapi('Place');
export type PlaceView = z.infer<typeof placeSchema>;

export const placeListSchema = z.object({ items: z.array(placeSchema) }).openapi('PlaceList');

/** POST /api/places/import: the whole file in the JSON body, so it must fit the /api limit of 100 kB. */
export const placeImportBody = z
  .strictObject({
    format: z.enum(['csv', 'xlsx']),
    content: z.string().min(1).openapi({ description: 'CSV as text, or the XLSX workbook as base64.' }),
  })
  .openapi('PlaceImport');
export type PlaceImportInput = z.infer<typeof placeImportBody>;

export const placeImportQuery = z.object({
  dryRun: booleanQuery.openapi({ description: 'true: report what the import would do and write nothing.' }),
});

export const placeImportReportSchema = z
  .object({
    dryRun: z.boolean(),
    /** False when nothing was written: a dry run, or a real import with a refused row. */
    applied: z.boolean(),
    counts: z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int(), refused: z.number().int() }),
    rows: z.array(
      z.object({
        row: z.number().int().openapi({ description: 'The spreadsheet row (the header is row 1).' }),
        code: z.string(),
        outcome: z.enum(['created', 'updated', 'unchanged', 'refused']),
        reason: z.string().nullable().openapi({ description: 'Why a row was refused, in Indonesian.' }),
      }),
    ),
  })
  .openapi('PlaceImportReport');
export type PlaceImportReport = z.infer<typeof placeImportReportSchema>;
