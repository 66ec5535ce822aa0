import type { Transaction } from 'kysely';
import { dialectOf, type Executor } from '../../db/create-db';
import { reserveTicketIds } from '../tickets/ticket-id.repository';
import type { Database } from '../../db/database';
import type { EntityCounts, LegacyEntity, LegacyKey, PlannedEmployee, PlannedStaff, PlannedTicket, TargetState } from './legacy-plan.model';

/*
 * All SQL of the legacy importer against the new database. Imported rows are written here directly: an import is
 * no lifecycle move, so nothing is queued to the outbox and nobody gets a WhatsApp message about an old report.
 */

const CHUNK = 400;
const chunks = <T>(xs: readonly T[]) =>
  Array.from({ length: Math.ceil(xs.length / CHUNK) }, (_, i) => xs.slice(i * CHUNK, (i + 1) * CHUNK));

/** What the plan needs to know of the new database: earlier runs' keys, people, and which old numbers are taken. */
export async function readTargetState(ex: Executor, trackingNos: readonly string[]): Promise<TargetState> {
  const keys = new Map<string, string>();
  for (const r of await ex.selectFrom('legacy_keys').select(['entity', 'legacy_key', 'new_id']).execute()) {
    keys.set(`${r.entity}:${r.legacy_key}`, r.new_id);
  }
  const state: TargetState = {
    keys,
    employeeById: new Map(),
    employeeByPhone: new Map(),
    staffById: new Map(),
    staffByPhone: new Map(),
    usernames: new Set(),
    staffNames: new Map(),
    takenTrackingNos: new Set(),
  };
  for (const e of await ex.selectFrom('employees').select(['id', 'phone']).execute()) {
    state.employeeById.set(e.id, e.phone);
    state.employeeByPhone.set(e.phone, e.id);
  }
  for (const s of await ex.selectFrom('staff').select(['id', 'phone', 'username', 'name']).execute()) {
    state.staffById.set(s.id, { phone: s.phone, username: s.username.toLowerCase() });
    if (s.phone) state.staffByPhone.set(s.phone, s.id);
    state.usernames.add(s.username.toLowerCase());
    state.staffNames.set(s.id, s.name);
  }
  const imported = new Set([...keys].filter(([k]) => k.startsWith('ticket:')).map(([, id]) => id));
  for (const part of chunks(trackingNos)) {
    const rows = await ex.selectFrom('tickets').select(['id', 'tracking_no']).where('tracking_no', 'in', part).execute();
    for (const r of rows) if (!imported.has(String(r.id))) state.takenTrackingNos.add(r.tracking_no);
  }
  return state;
}

export async function startRun(ex: Executor, source: string, options: object, now: number): Promise<number> {
  const r = await ex
    .insertInto('legacy_runs')
    .values({ source, options_json: JSON.stringify(options), counts_json: null, started_at: now, finished_at: null })
    .executeTakeFirstOrThrow();
  return Number(r.insertId);
}

export async function finishRun(ex: Executor, runId: number, counts: Record<LegacyEntity, EntityCounts>, now: number): Promise<void> {
  await ex
    .updateTable('legacy_runs')
    .set({ counts_json: JSON.stringify(counts), finished_at: now })
    .where('id', '=', runId)
    .execute();
}

export async function insertKeys(trx: Transaction<Database>, keys: readonly LegacyKey[], runId: number, now: number): Promise<void> {
  for (const part of chunks(keys)) {
    await trx
      .insertInto('legacy_keys')
      .values(part.map((k) => ({ entity: k.entity, legacy_key: k.key, new_id: k.newId, run_id: runId, created_at: now })))
      .execute();
  }
}

export async function insertEmployees(trx: Transaction<Database>, employees: readonly PlannedEmployee[], now: number): Promise<void> {
  for (const part of chunks(employees)) {
    await trx
      .insertInto('employees')
      .values(part.map((e) => ({ ...e, created_at: now, updated_at: now })))
      .execute();
  }
}

/** Staff carried over have no password (`password_hash` null) until they use their set-password link. */
export async function insertStaff(trx: Transaction<Database>, staff: readonly PlannedStaff[], now: number): Promise<void> {
  for (const part of chunks(staff)) {
    await trx
      .insertInto('staff')
      .values(part.map((s) => ({ ...s, password_hash: null, last_login_at: null, created_at: now, updated_at: now })))
      .execute();
  }
}

/**
 * Writes a batch of old reports: each new ticket, its history in time order, its assignments, and the legacy
 * keys of all of them. Returns the keys written, for the caller to add in the same transaction.
 */
export async function insertTickets(trx: Transaction<Database>, tickets: readonly PlannedTicket[]): Promise<LegacyKey[]> {
  const keys: LegacyKey[] = [];
  // On MySQL the ids come from the block the chat processor reserves from too (ticket-id.repository.ts),
  // so an import beside a running service never takes an id a batch has reserved and not yet written.
  const wanted = tickets.filter((t) => t.row).length;
  const ids = dialectOf(trx) === 'mysql' && wanted > 0 ? await reserveTicketIds(trx, wanted) : undefined;
  let nextId = ids?.first;
  for (const t of tickets) {
    let ticketId = t.ticketId;
    if (t.row) {
      const r = t.row;
      const reservedId = nextId !== undefined ? nextId++ : undefined;
      const inserted = await trx
        .insertInto('tickets')
        .values({
          ...(reservedId !== undefined ? { id: reservedId } : {}),
          tracking_no: r.trackingNo,
          status: r.status,
          complaint: r.complaint,
          reporter_employee_id: r.reporterEmployeeId,
          reporter_phone: r.reporterPhone,
          reporter_name: r.reporterName,
          reporter_unit: r.reporterUnit,
          chat_id: r.reporterPhone,
          source_message_id: null,
          channel: 'whatsapp',
          created_at: r.createdAt,
          updated_at: r.updatedAt,
          finished_at: r.finishedAt,
          closed_at: r.closedAt,
          first_assigned_at: r.firstAssignedAt,
          first_started_at: r.firstStartedAt,
        })
        .executeTakeFirstOrThrow();
      ticketId = reservedId ?? Number(inserted.insertId);
      keys.push({ entity: 'ticket', key: t.legacyKey, newId: String(ticketId) });
    }
    const id = ticketId!;
    if (t.events.length > 0) {
      await trx
        .insertInto('ticket_events')
        .values(
          t.events.map((e) => ({
            ticket_id: id,
            kind: e.kind,
            status_from: null,
            status_to: null,
            note: e.note,
            actor_kind: e.actorKind,
            actor_id: e.actorId,
            actor_name: e.actorName,
            created_at: e.at,
          })),
        )
        .execute();
    }
    for (const a of t.assignments) {
      const inserted = await trx
        .insertInto('assignments')
        .values({
          ticket_id: id,
          staff_id: a.staffId,
          note: a.note,
          status: 'active',
          assigned_by: null,
          assigned_at: a.assignedAt,
          started_at: a.startedAt,
          finished_at: a.finishedAt,
          withdrawn_at: null,
          withdrawn_by: null,
        })
        .executeTakeFirstOrThrow();
      keys.push({ entity: 'assignment', key: a.legacyKey, newId: String(inserted.insertId) });
    }
    for (const k of t.childKeys) keys.push({ ...k, newId: String(id) });
  }
  return keys;
}

/**
 * Active staff the importer carried over who have no password yet and no link that still works: the ones a
 * run hands a set-password link (so a run stopped before printing its links gives them on the next run).
 */
export async function staffAwaitingLinks(ex: Executor, now: number): Promise<{ id: string; name: string; username: string }[]> {
  return ex
    .selectFrom('legacy_keys as k')
    .innerJoin('staff as s', 's.id', 'k.new_id')
    .select(['s.id', 's.name', 's.username'])
    .where('k.entity', '=', 'staff')
    .where('s.password_hash', 'is', null)
    .where('s.status', '=', 'active')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('set_password_links as l')
            .select('l.id')
            .whereRef('l.staff_id', '=', 's.id')
            .where('l.used_at', 'is', null)
            .where('l.voided_at', 'is', null)
            .where('l.expires_at', '>', now),
        ),
      ),
    )
    .orderBy('s.id')
    .execute();
}
