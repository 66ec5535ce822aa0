import type { Db } from '../../src/db/create-db';
import type { StaffLevel } from '../../src/db/database';

let seq = 0;
const next = () => (++seq).toString().padStart(4, '0');

/** An active employee; each call makes a new one unless fields are overridden. */
export async function createEmployee(
  db: Db,
  o: Partial<{ id: string; name: string; phone: string; department: string; unit: string; status: 'active' | 'inactive' }> = {},
) {
  const n = next();
  const row = {
    id: o.id ?? `PGW99${n}`,
    name: o.name ?? `Pegawai ${n}`,
    email: null,
    phone: o.phone ?? `62812000${n}`,
    department: o.department ?? 'TIF',
    unit: o.unit ?? 'IT',
    status: o.status ?? 'active',
    notes: null,
    created_at: 0,
    updated_at: 0,
  };
  await db.kysely.insertInto('employees').values(row).execute();
  return row;
}

export async function createStaff(
  db: Db,
  o: Partial<{ id: string; name: string; phone: string; level: StaffLevel; status: 'active' | 'inactive' }> = {},
) {
  const n = next();
  const row = {
    id: o.id ?? `ADM9${n}`,
    name: o.name ?? `Staf ${n}`,
    level: o.level ?? 'TBO',
    description: null,
    email: null,
    phone: o.phone ?? `62813000${n}`,
    username: `staf${n}`,
    password_hash: null,
    status: o.status ?? 'active',
    notes: null,
    created_at: 0,
    updated_at: 0,
  };
  await db.kysely.insertInto('staff').values(row).execute();
  return row;
}

/** Moves a ticket straight to a status, as the technician and admin flows (later issues) will. */
export async function setTicketStatus(db: Db, trackingNo: string, status: 'baru' | 'proses' | 'pending' | 'selesai' | 'ditutup') {
  await db.kysely.updateTable('tickets').set({ status }).where('tracking_no', '=', trackingNo).execute();
}

/** Assigns a technician the way the admin API does (service call), for tests of the chat side. */
export async function assignDirectly(db: Db, trackingNo: string, staffId: string, note: string | null = null, now = Date.now()) {
  const { inTransaction } = await import('../../src/db/transaction');
  const { unitOn } = await import('../../src/db/unit-of-work');
  const { assignTechnicianIn } = await import('../../src/features/assignments/assignment.service');
  const { findTicketByTrackingNo } = await import('../../src/features/tickets/ticket.repository');
  return inTransaction(db, async (trx) => {
    const ticket = await findTicketByTrackingNo(trx, trackingNo);
    if (!ticket) throw new Error(`no ticket ${trackingNo}`);
    return assignTechnicianIn(unitOn(trx), { ticket, staffId, note, by: { id: 'ADM01', name: 'Admin Uji' }, now });
  });
}

/** Empties the outbox and queues `count` replies due at `now`, each to its own number, body `<tag> <i>`. */
export async function replaceOutboxBacklog(db: Db, count: number, tag: string, now: number): Promise<void> {
  await db.kysely.deleteFrom('outbound_messages').execute();
  for (let i = 0; i < count; i += 200) {
    const rows = Array.from({ length: Math.min(200, count - i) }, (_, j) => ({
      target: `62812${String(i + j).padStart(7, '0')}`,
      body: `${tag} ${i + j}`,
      kind: 'reply',
      status: 'queued' as const,
      attempts: 0,
      due_at: now,
      created_at: now,
      updated_at: now,
    }));
    await db.kysely.insertInto('outbound_messages').values(rows).execute();
  }
}

/** A webhook message stored and acknowledged, not yet handled: what a crash right after the 200 leaves behind. */
export async function storePendingMessage(db: Db, m: { device: string; phone: string; body: string; receivedAt: number }): Promise<number> {
  const r = await db.kysely
    .insertInto('inbound_messages')
    .values({
      dedupe_key: `pending-${next()}-${Math.random().toString(36).slice(2, 8)}`,
      device: m.device,
      chat_id: m.phone,
      sender_phone: m.phone,
      sender_name: null,
      is_group: 0,
      body: m.body,
      message_type: 'text',
      media_url: null,
      media_filename: null,
      media_extension: null,
      raw_payload: '{}',
      status: 'pending',
      command: null,
      ticket_id: null,
      error: null,
      sent_at: null,
      received_at: m.receivedAt,
      processed_at: null,
    })
    .executeTakeFirstOrThrow();
  return Number(r.insertId);
}
