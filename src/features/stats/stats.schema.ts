import { z } from 'zod';
import '../../http/openapi';

const complianceSchema = z
  .object({
    met: z.number().int().openapi({ description: 'clocks with a due time that were met' }),
    onTime: z.number().int().openapi({ description: 'of those, met at or before the due time' }),
    rate: z.number().nullable().openapi({ description: 'onTime / met (0…1); null when none was met' }),
  })
  .openapi('SlaCompliance');

const clockCompliance = { assign: complianceSchema, start: complianceSchema, finish: complianceSchema };
const ratingSummary = {
  rated: z.number().int(),
  average: z.number().nullable().openapi({ description: 'mean score (1–5) of the rated tickets; null when none' }),
};
const workingDurationSchema = z.object({
  count: z.number().int(),
  medianMs: z.number().int().nullable(),
  p90Ms: z.number().int().nullable(),
});

/** The service-level part of GET /api/stats (stats-sla.service.ts). */
export const serviceLevelShape = {
  rating: z
    .object({
      asked: z.number().int().openapi({ description: 'tickets whose reporter was asked to rate them' }),
      ...ratingSummary,
      responseRate: z.number().nullable().openapi({ description: 'rated / asked; null when nobody was asked' }),
      scores: z.array(z.number().int()).length(5).openapi({ description: 'how many gave 1, 2, 3, 4 and 5' }),
    })
    .openapi({ description: 'the reporters’ ratings of the period’s tickets' }),
  reopen: z
    .object({
      finished: z.number().int().openapi({ description: 'tickets finished at least once (finished now, or sent back by the reporter)' }),
      reopened: z.number().int().openapi({ description: 'of those, sent back by the reporter with #belum' }),
      rate: z.number().nullable(),
    })
    .openapi({ description: 'the reporters’ reopens (#belum); a desk reopen does not count' }),
  sla: z.object({
    overall: z.object(clockCompliance),
    byCategory: z.array(z.object({ categoryId: z.number().int().nullable(), name: z.string(), ...clockCompliance, ...ratingSummary })),
    byTechnician: z.array(z.object({ staffId: z.string(), name: z.string(), ...clockCompliance, ...ratingSummary })),
    byMonth: z.array(z.object({ month: z.string(), ...clockCompliance })),
  }),
  workingTime: z.object({ toAssign: workingDurationSchema, toStart: workingDurationSchema, toFinish: workingDurationSchema }).openapi({
    description: 'created → first assigned / first started / finished, in working time of the calendar (WORK_WEEK less holidays)',
  }),
};
