import { z } from 'zod';
import { dateRangeShape, emptyToUndefined, refineDateRange } from '../../http/query.schema';

/** `from`/`to` days in APP_TIMEZONE (both included); without them the last REPEAT_FAULT_DAYS days. */
export const repeatFaultQuery = z
  .object({
    ...dateRangeShape,
    building: z
      .preprocess(emptyToUndefined, z.coerce.number().int().positive().optional())
      .openapi({ description: 'Only places inside this building' }),
  })
  .superRefine(refineDateRange);

export const buildingParams = z.object({ id: z.coerce.number().int().positive() });

const periodSchema = z.object({
  from: z.number().int().openapi({ description: 'epoch ms, included' }),
  to: z.number().int().openapi({ description: 'epoch ms, excluded' }),
});

const rowSchema = z.object({
  placeId: z.number().int(),
  placeCode: z.string(),
  placePath: z.string().openapi({ example: 'Gedung A › Lantai 3 › Ruang 3.2' }),
  categoryId: z.number().int(),
  categoryName: z.string(),
  count: z.number().int(),
  open: z.number().int().openapi({ description: 'baru, proses or pending' }),
  meanFinishHours: z
    .number()
    .nullable()
    .openapi({ description: 'wall-clock hours from report to finish of the finished ones; null when none' }),
  repeat: z.boolean().openapi({ description: 'count ≥ REPEAT_FAULT_THRESHOLD' }),
  trackingNos: z.array(z.string()),
});

export const repeatFaultListSchema = z.object({ period: periodSchema, threshold: z.number().int(), items: z.array(rowSchema) });

const placeCount = z.object({ id: z.number().int(), code: z.string(), name: z.string(), count: z.number().int() });

export const buildingFaultsSchema = z.object({
  period: periodSchema,
  building: placeCount,
  floors: z.array(placeCount.extend({ rooms: z.array(placeCount) })).openapi({ description: "each floor's count includes its rooms'" }),
  rooms: z.array(placeCount).openapi({ description: 'rooms directly under the building' }),
});
