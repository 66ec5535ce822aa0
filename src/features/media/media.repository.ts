import type { Transaction } from 'kysely';
import type { Database } from '../../db/database';

export interface NewMedia {
  ticketId: number;
  ticketEventId: number | null;
  inboundMessageId: number | null;
  sourceUrl: string;
  originalFilename: string | null;
  now: number;
}

/**
 * Queues a download of a file Fonnte keeps for 30 minutes only. Called in the transaction
 * that records the message it came with, so the ticket exists even if the download fails.
 */
export async function queueMediaDownload(trx: Transaction<Database>, m: NewMedia): Promise<number> {
  const result = await trx
    .insertInto('media')
    .values({
      ticket_id: m.ticketId,
      ticket_event_id: m.ticketEventId,
      inbound_message_id: m.inboundMessageId,
      source_url: m.sourceUrl,
      original_filename: m.originalFilename,
      status: 'pending',
      attempts: 0,
      due_at: m.now,
      created_at: m.now,
      updated_at: m.now,
    })
    .executeTakeFirstOrThrow();
  return Number(result.insertId);
}
