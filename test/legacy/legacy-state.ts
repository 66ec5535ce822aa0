// What an import left in the new database, without generated ids: two imports that did the same are equal.
import type { Db } from '../../src/db/create-db';

export async function importedState(db: Db) {
  const k = db.kysely;
  const tickets = await k
    .selectFrom('tickets')
    .select([
      'tracking_no',
      'status',
      'complaint',
      'reporter_employee_id',
      'reporter_phone',
      'reporter_name',
      'reporter_unit',
      'chat_id',
      'created_at',
      'updated_at',
      'finished_at',
      'closed_at',
      'first_assigned_at',
      'first_started_at',
    ])
    .orderBy('tracking_no')
    .execute();
  const events = await k
    .selectFrom('ticket_events as e')
    .innerJoin('tickets as t', 't.id', 'e.ticket_id')
    .select(['t.tracking_no', 'e.kind', 'e.note', 'e.actor_kind', 'e.actor_id', 'e.actor_name', 'e.created_at'])
    .orderBy('t.tracking_no')
    .orderBy('e.id')
    .execute();
  const assignments = await k
    .selectFrom('assignments as a')
    .innerJoin('tickets as t', 't.id', 'a.ticket_id')
    .select(['t.tracking_no', 'a.staff_id', 'a.note', 'a.status', 'a.assigned_at', 'a.started_at', 'a.finished_at'])
    .orderBy('t.tracking_no')
    .orderBy('a.staff_id')
    .execute();
  const employees = await k.selectFrom('employees').select(['id', 'name', 'phone', 'department', 'unit', 'status']).orderBy('id').execute();
  const staff = await k
    .selectFrom('staff')
    .select(['id', 'name', 'level', 'phone', 'username', 'password_hash', 'status'])
    .orderBy('id')
    .execute();
  const sequences = await k.selectFrom('ticket_sequences').selectAll().orderBy('period').execute();
  // MySQL hands BIGINT back as text: times (`*_at`) and counters are read as numbers on both dialects.
  const norm = <T extends object>(rows: T[]) =>
    rows.map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([key, v]) => [key, (key.endsWith('_at') || key === 'last_value') && v !== null ? Number(v) : v]),
      ),
    );
  return {
    tickets: norm(tickets),
    events: norm(events),
    assignments: norm(assignments),
    employees,
    staff,
    sequences: norm(sequences),
  };
}
