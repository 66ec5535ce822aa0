import type { Executor } from '../../db/create-db';
import type { InboundStatus } from '../../db/database';

/** What the simulator reports about the message it posted. */
export interface SimulatedInbound {
  id: number;
  status: InboundStatus;
  command: string | null;
  ticketTrackingNo: string | null;
  error: string | null;
}

/** The stored message the webhook filed under `dedupeKey`, with the ticket it ended up on; one query. */
export async function findSimulatedInbound(ex: Executor, dedupeKey: string): Promise<SimulatedInbound | undefined> {
  const row = await ex
    .selectFrom('inbound_messages')
    .leftJoin('tickets', 'tickets.id', 'inbound_messages.ticket_id')
    .select(['inbound_messages.id', 'inbound_messages.status', 'inbound_messages.command', 'inbound_messages.error', 'tickets.tracking_no'])
    .where('inbound_messages.dedupe_key', '=', dedupeKey)
    .executeTakeFirst();
  return (
    row && {
      id: Number(row.id),
      status: row.status,
      command: row.command,
      ticketTrackingNo: row.tracking_no ?? null,
      error: row.error,
    }
  );
}
