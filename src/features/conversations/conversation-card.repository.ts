import type { Executor } from '../../db/create-db';
import type { ChatPerson, ChatTicket } from './conversation.model';

/* What the side of a conversation shows: the person from the directory and their tickets. */

/**
 * The chat's tickets, newest first (at most `limit`): those its phone reported, and those its
 * messages led to (a group's, or one the desk opened from a message). Two indexed queries.
 */
export async function listChatTickets(ex: Executor, chatId: string, phone: string | null, limit: number): Promise<ChatTicket[]> {
  const base = () => ex.selectFrom('tickets').select(['tickets.id', 'tracking_no', 'status', 'complaint', 'created_at']);
  const [byPhone, byMessage] = await Promise.all([
    phone ? base().where('reporter_phone', '=', phone).orderBy('created_at', 'desc').limit(limit).execute() : [],
    base()
      .where('tickets.id', 'in', (eb) =>
        eb
          .selectFrom('inbound_messages')
          .select('inbound_messages.ticket_id')
          .where('inbound_messages.chat_id', '=', chatId)
          .where('inbound_messages.ticket_id', 'is not', null)
          .$narrowType<{ ticket_id: number }>(),
      )
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute(),
  ]);
  const byId = new Map([...byPhone, ...byMessage].map((t) => [Number(t.id), t]));
  return [...byId.values()]
    .sort((a, b) => Number(b.created_at) - Number(a.created_at) || Number(b.id) - Number(a.id))
    .slice(0, limit)
    .map((t) => ({ trackingNo: t.tracking_no, status: t.status, complaint: t.complaint, createdAt: Number(t.created_at) }));
}

/** Who a phone is in the directory: an employee first (a reporter), else a staff member. */
export async function findPersonByPhone(ex: Executor, phone: string): Promise<ChatPerson | null> {
  const [employee, staff] = await Promise.all([
    ex
      .selectFrom('employees')
      .select(['id', 'name', 'department', 'unit', 'email', 'status'])
      .where('phone', '=', phone)
      .executeTakeFirst(),
    ex.selectFrom('staff').select(['id', 'name', 'level', 'email', 'status']).where('phone', '=', phone).executeTakeFirst(),
  ]);
  if (employee) {
    const { status, ...e } = employee;
    return { kind: 'employee', ...e, active: status === 'active' };
  }
  if (staff) {
    const { status, ...s } = staff;
    return { kind: 'staff', ...s, active: status === 'active' };
  }
  return null;
}
