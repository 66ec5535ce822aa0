import type { CommandRegistry } from './command-registry';
import { parseCommand } from './parse-command';
import type { Config } from '../config';
import type { Db } from '../db/create-db';
import {
  ensureSequence,
  periodOf,
  reserveTrackingNumbers,
  ReservedNumbers,
  SequenceMissingError,
} from '../features/tickets/tracking-number';
import { reserveTicketIds } from '../features/tickets/ticket-id.repository';
import type { InboundMessage } from '../features/inbound/inbound.model';

/**
 * Tracking numbers for a batch's ticket requests, reserved per month in one statement each
 * (see reserveTrackingNumbers), so batches side by side do not queue on the month's counter, and
 * their ids in one more. MySQL only: SQLite's statements cost no round trip.
 * Undefined when the batch asks for no ticket.
 */
export async function reserveBatchNumbers(
  db: Db,
  config: Pick<Config, 'ticketPrefix' | 'timezone'>,
  registry: CommandRegistry,
  messages: readonly InboundMessage[],
): Promise<ReservedNumbers | undefined> {
  const perPeriod = new Map<string, number>();
  for (const m of messages) {
    const parsed = parseCommand(m.body);
    if (!parsed?.args || !registry.lookup(parsed.word)?.filesTicket) continue;
    const period = periodOf(config.ticketPrefix, m.receivedAt, config.timezone);
    perPeriod.set(period, (perPeriod.get(period) ?? 0) + 1);
  }
  if (perPeriod.size === 0) return undefined;
  const numbers = new ReservedNumbers();
  // The tickets' ids too, so the batch writes its tickets as one INSERT (ticket.repository.ts insertTicket).
  numbers.addIds(
    await reserveTicketIds(
      db.kysely,
      [...perPeriod.values()].reduce((a, b) => a + b, 0),
    ),
  );
  for (const [period, count] of perPeriod) {
    // A month's first ticket creates its counter here, outside the batch, so the batch is not
    // rolled back and taken again for it.
    const reserve = () => reserveTrackingNumbers(db, period, count);
    const block = await reserve().catch(async (err: unknown) => {
      if (!(err instanceof SequenceMissingError)) throw err;
      await ensureSequence(db, period);
      return reserve();
    });
    numbers.add(period, block);
  }
  return numbers;
}
