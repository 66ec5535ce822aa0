import { z } from 'zod';

/** Retention periods (0 = keep for ever, the default): what is cleared, and how long after a ticket closed. */
export const retentionEnv = z.object({
  /** Retention (0 = keep for ever, the default): downloaded photos of tickets closed this many months ago are deleted. */
  RETENTION_MEDIA_MONTHS: z.coerce.number().int().min(0).max(1200).default(0),
  /** Raw webhook payloads and message bodies of tickets closed this many months ago are cleared (0 = never). */
  RETENTION_MESSAGES_MONTHS: z.coerce.number().int().min(0).max(1200).default(0),
  /** Reporters of tickets closed this many years ago are anonymised; counts, durations and places stay (0 = never). */
  RETENTION_ANONYMISE_YEARS: z.coerce.number().int().min(0).max(100).default(0),
});

export interface RetentionSettings {
  /** Retention periods; 0 = that rule is off. */
  readonly retention: { readonly mediaMonths: number; readonly messagesMonths: number; readonly anonymiseYears: number };
}

export function retentionSettings(e: z.infer<typeof retentionEnv>): RetentionSettings {
  return {
    retention: Object.freeze({
      mediaMonths: e.RETENTION_MEDIA_MONTHS,
      messagesMonths: e.RETENTION_MESSAGES_MONTHS,
      anonymiseYears: e.RETENTION_ANONYMISE_YEARS,
    }),
  };
}
