import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PNG_BYTES } from '../support/https-fixture';
import type { TestApp } from '../support/test-app';

/** Helpers of the retention and personal-data suites. */

/** A month of 30 days: the rules count calendar months, so tests keep 10 days clear of the edge. */
export const MONTH = 30 * 24 * 3_600_000;

/** Closes a ticket now on the app's clock, as a confirmation or the auto-close would. */
export async function closeTicket(app: TestApp, ticketId: number): Promise<void> {
  const now = app.clock.now();
  await app.db.kysely
    .updateTable('tickets')
    .set({ status: 'ditutup', finished_at: now, closed_at: now, updated_at: now })
    .where('id', '=', ticketId)
    .execute();
}

/** A downloaded photo of the ticket, as the media worker leaves it: the row `stored` and the file under MEDIA_DIR. */
export async function storePhoto(
  app: TestApp,
  ticketId: number,
  inboundMessageId: number | null = null,
): Promise<{ id: number; file: string }> {
  const now = app.clock.now();
  const r = await app.db.kysely
    .insertInto('media')
    .values({
      ticket_id: ticketId,
      ticket_event_id: null,
      inbound_message_id: inboundMessageId,
      source_url: 'https://api.fonnte.com/file/x.png',
      original_filename: 'foto-kran.png',
      status: 'stored',
      attempts: 1,
      due_at: null,
      content_type: 'image/png',
      size_bytes: PNG_BYTES.length,
      sha256: 'ab'.repeat(32),
      storage_path: null,
      created_at: now,
      updated_at: now,
    })
    .executeTakeFirstOrThrow();
  const id = Number(r.insertId);
  const storagePath = `retention/${id}-abababab.png`;
  const file = join(app.config.media.dir, storagePath);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, PNG_BYTES);
  await app.db.kysely.updateTable('media').set({ storage_path: storagePath }).where('id', '=', id).execute();
  return { id, file };
}

/** The inbound and outbound rows of a ticket, bodies included. */
export async function messagesOf(app: TestApp, ticketId: number) {
  const inbound = await app.db.kysely.selectFrom('inbound_messages').selectAll().where('ticket_id', '=', ticketId).orderBy('id').execute();
  const outbound = await app.db.kysely
    .selectFrom('outbound_messages')
    .selectAll()
    .where('ticket_id', '=', ticketId)
    .orderBy('id')
    .execute();
  return { inbound, outbound };
}
