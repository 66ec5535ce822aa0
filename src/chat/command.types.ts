import type { Transaction } from 'kysely';
import type { Config } from '../config';
import type { Database } from '../db/database';
import type { Employee } from '../features/employees/employee.model';
import type { InboundMessage } from '../features/inbound/inbound.model';
import type { StaffMember } from '../features/staff/staff.model';
import type { ReservedNumbers } from '../features/tickets/tracking-number';

/** Who may run a command. Everyone allowed to report is a reporter; staff levels add the others. */
export type Role = 'reporter' | 'technician' | 'admin';

export interface Sender {
  phone: string;
  /** The name replies address: the directory's name, else the WhatsApp display name. */
  name: string;
  /** `TIF/IT` for employees, the staff level for staff, null for strangers. */
  workplace: string | null;
  employee: Employee | null;
  staff: StaffMember | null;
  roles: ReadonlySet<Role>;
  /** True when the number is in neither directory. */
  unknown: boolean;
}

export interface CommandContext {
  trx: Transaction<Database>;
  now: number;
  config: Config;
  message: InboundMessage;
  sender: Sender;
  /** Text after the command word. */
  args: string;
  /** The word the sender typed (`req`, `tolong`), for usage hints in their own words. */
  invokedAs: string;
  /** Queues a reply to the chat the message came from. */
  reply(text: string): void;
  /** Queues a reply to the person who wrote the message, in private (not to the group it came from). */
  replyPrivately(text: string): void;
  /** Marks the message as being about this ticket (for the message log and its replies). */
  linkTicket(ticketId: number): void;
  /** The menu lines this sender may use, generated from the registry. */
  menu(): string;
  /** Tracking numbers reserved for the batch this message is handled in, if any. */
  trackingNumbers?: ReservedNumbers;
}

export interface CommandDefinition {
  name: string;
  aliases: readonly string[];
  roles: readonly Role[] | 'anyone';
  /** `#cek <nomor>` */
  usage: string;
  /** One line for the help menu, in Indonesian. */
  summary: string;
  example?: string;
  /** Shown in the menu; false for aliases of behaviour such as `#riwayat`. */
  listed?: boolean;
  /**
   * With arguments, the command files a ticket: the processor reserves a tracking number for it
   * before the batch's transaction (ctx.trackingNumbers), so batches side by side never queue on
   * the month's counter. The processor asks this, never a command's name.
   */
  filesTicket?: boolean;
  handle(ctx: CommandContext): Promise<void>;
}
