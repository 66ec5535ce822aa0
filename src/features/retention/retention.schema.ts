import { z } from 'zod';
import '../../http/openapi';

const settings = z
  .object({
    mediaMonths: z.number().int().openapi({ description: 'RETENTION_MEDIA_MONTHS; 0 = off' }),
    messagesMonths: z.number().int().openapi({ description: 'RETENTION_MESSAGES_MONTHS; 0 = off' }),
    anonymiseYears: z.number().int().openapi({ description: 'RETENTION_ANONYMISE_YEARS; 0 = off' }),
  })
  .openapi({ description: 'The periods in force (environment variables, read-only here).' });

const counts = <T extends z.ZodTypeAny>(n: T) =>
  z.object({
    mediaRemoved: n.openapi({ description: 'photos and documents whose file is deleted from MEDIA_DIR' }),
    inboundCleared: n.openapi({ description: 'inbound messages whose body and raw payload are cleared' }),
    outboundCleared: n.openapi({ description: 'outbound messages whose body is cleared' }),
    inboxCleared: n.openapi({ description: 'desk-inbox previews and finished drafts emptied (copies of message text)' }),
    ticketsAnonymised: n.openapi({ description: 'tickets whose reporter becomes "Pelapor dihapus"' }),
  });

export const retentionPreviewSchema = z
  .object({
    settings,
    at: z.number().int().openapi({ description: 'when the preview was computed (epoch ms)' }),
    cutoffs: z
      .object({ media: z.number().int().nullable(), messages: z.number().int().nullable(), anonymise: z.number().int().nullable() })
      .openapi({ description: 'Per rule: rows older than this (epoch ms) go; null = rule off.' }),
    counts: counts(z.number().int().nullable()).openapi({ description: 'What a run now would change; null = rule off.' }),
  })
  .openapi('RetentionPreview');

const runSchema = z.object({
  id: z.number().int(),
  trigger: z.string().openapi({ description: 'job (the daily run) or cli' }),
  startedAt: z.number().int(),
  finishedAt: z.number().int().nullable(),
  settings,
  counts: counts(z.number().int()),
  error: z.string().nullable().openapi({ description: 'the kind of failure that stopped the run; null when it finished' }),
});

export const retentionRunsSchema = z.object({ items: z.array(runSchema) }).openapi('RetentionRuns');

export const retentionRunsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });
