import { z } from 'zod';
import { normalizePhone } from '../shared/phone';
import { parseWorkWeek, type WorkWeek } from '../shared/work-week';
import { optionalString } from './env.fields';

/** Service levels: the working week the clocks count, reminders, escalation, the emergency contact. */
export const slaEnv = z.object({
  /**
   * The working week the SLA clocks count, in APP_TIMEZONE: `mon-fri 07:30-16:00; sat 07:30-12:00`
   * (days `mon`…`sun` or `sen`…`min`, one or more spans per part). Holidays are managed in the dashboard.
   */
  WORK_WEEK: z
    .string()
    .default('mon-fri 07:30-16:00; sat 07:30-12:00')
    .transform((v, ctx) => {
      try {
        return parseWorkWeek(v);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  /** The share of a target after which the responsible person is reminded (0.75 = at 75 %). */
  SLA_REMINDER_SHARE: z.coerce.number().min(0.1).max(0.99).default(0.75),
  /** After a breach, this many more minutes (working, wall-clock for darurat) before the second level hears of it. */
  SLA_SECOND_LEVEL_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(60 * 24 * 30)
    .default(240),
  /** The head told at the second level of escalation: a number or a group id; empty = nobody. */
  SLA_HEAD_TARGET: optionalString,
  /** Whom a reporter of an emergency outside working hours should call (shown in the answer), e.g. `0812-3456-7890 (Satpam)`. */
  EMERGENCY_CONTACT: optionalString,
});

export interface SlaSettings {
  /** Service levels: the working week (APP_TIMEZONE), when reminders and the second level come, whom to tell. */
  readonly sla: {
    readonly week: WorkWeek;
    readonly reminderShare: number;
    readonly secondLevelMinutes: number;
    readonly headTarget: string | undefined;
    readonly emergencyContact: string | undefined;
  };
}

export function slaSettings(e: z.infer<typeof slaEnv>): SlaSettings {
  return {
    sla: Object.freeze({
      week: e.WORK_WEEK,
      reminderShare: e.SLA_REMINDER_SHARE,
      secondLevelMinutes: e.SLA_SECOND_LEVEL_MINUTES,
      headTarget: e.SLA_HEAD_TARGET ? normalizePhone(e.SLA_HEAD_TARGET) : undefined,
      emergencyContact: e.EMERGENCY_CONTACT,
    }),
  };
}
