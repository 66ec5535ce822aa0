import { assignedNote, finishedNote, progressNote, startedNote } from '../texts/history.texts';
import { legacyPhone } from './legacy-people.plan';
import type { LegacyPlan, PlannedEvent, PlannedTicket, TargetState } from './legacy-plan.model';
import type { LegacyRow, LegacySnapshot } from './legacy-schema';
import { legacyInstant, type LegacyClock } from './legacy-time';
import { splitTrackingNo, type PlannedReports } from './legacy-tickets.plan';

const text = (v: string | null | undefined) => (v ?? '').trim();

/** `#start BRT2409002 …` → the word and what follows the number. */
function workMessage(pesan: string | null | undefined): { word: string; rest: string } {
  const m = /^#?(\w+)\s+\S*\d{7,}\S*\s*(.*)$/s.exec(text(pesan));
  return m ? { word: m[1]!.toLowerCase(), rest: m[2]!.trim() } : { word: 'report', rest: text(pesan) };
}

interface Person {
  id: string;
  name: string;
}

/**
 * The history of the old reports: the desk's notes (tb_track), the assignments (tb_penugasan) and the technicians'
 * messages (tb_kerja) → history entries and assignments of the planned tickets. A row of a report already imported
 * by an earlier run is added to it when that run did not have it (the old system kept running).
 */
export function planHistory(src: LegacySnapshot, target: TargetState, plan: LegacyPlan, clock: LegacyClock, reports: PlannedReports): void {
  const { byIdm, byNo } = reports;
  const staffById = new Map<string, Person>();
  const staffByPhone = new Map<string, Person>();
  for (const s of plan.staff) {
    staffById.set(s.id, { id: s.id, name: s.name });
    if (s.phone) staffByPhone.set(s.phone, { id: s.id, name: s.name });
  }
  for (const l of plan.linkedPeople)
    if (l.entity === 'staff') staffById.set(l.key, { id: l.newId, name: target.staffNames.get(l.newId) ?? l.key });
  for (const [k, id] of target.keys) {
    if (k.startsWith('staff:')) staffById.set(k.slice(6), { id, name: target.staffNames.get(id) ?? id });
  }
  for (const [phone, id] of target.staffByPhone) staffByPhone.set(phone, { id, name: target.staffNames.get(id) ?? id });

  const ticketOf = (values: LegacyRow['values']) =>
    byIdm.get(text(values.idm)) ?? byNo.get(splitTrackingNo(values.id_track)?.no ?? '\u0000');

  /** The child's time, or the ticket's latest known one when the old date is no date. */
  const child = (entity: 'history' | 'assignment' | 'work', row: LegacyRow, keyCol: string) => {
    const counts = plan.counts[entity];
    counts.read++;
    const t = ticketOf(row.values);
    const key = text(row.values[keyCol]);
    if (!t) {
      counts.skipped++;
      plan.problems.push({ ref: row.ref, severity: 'skipped', reason: 'its report was not carried over (or does not exist)' });
      return undefined;
    }
    if (target.keys.has(`${entity === 'history' ? 'track' : entity}:${key}`)) {
      counts.existing++;
      return undefined;
    }
    let at = legacyInstant(row.values.tanggal, row.values.jam, clock);
    if (at === undefined) {
      at = Math.max(t.at, ...t.events.map((e) => e.at));
      counts.repaired++;
      plan.problems.push({
        ref: row.ref,
        severity: 'repaired',
        reason: `date "${text(row.values.tanggal)}" is no date: placed after the report's last entry`,
      });
    }
    return { t, at, key, counts };
  };

  for (const row of src.tb_track) {
    const c = child('history', row, 'id');
    if (!c) continue;
    c.t.events.push({
      kind: 'progress',
      note: text(row.values.catatan) || '-',
      actorKind: 'system',
      actorId: null,
      actorName: null,
      at: c.at,
    });
    c.t.childKeys.push({ entity: 'track', key: c.key });
    c.counts.create++;
  }
  for (const row of src.tb_penugasan) {
    const c = child('assignment', row, 'idp');
    if (!c) continue;
    const who = staffById.get(text(row.values.id_admin));
    if (!who) {
      c.counts.skipped++;
      plan.problems.push({
        ref: row.ref,
        severity: 'skipped',
        reason: `staff ${text(row.values.id_admin) || '(empty)'} is not carried over`,
      });
      continue;
    }
    c.t.assignments.push({
      legacyKey: c.key,
      staffId: who.id,
      note: text(row.values.catatan) || null,
      assignedAt: c.at,
      startedAt: null,
      finishedAt: null,
    });
    c.t.events.push({ kind: 'assigned', note: assignedNote(who.name), actorKind: 'system', actorId: null, actorName: null, at: c.at });
    c.counts.create++;
  }
  for (const row of src.tb_kerja) {
    const c = child('work', row, 'idn');
    if (!c) continue;
    const phone = legacyPhone(row.values.telepon)?.phone;
    const who = phone ? staffByPhone.get(phone) : undefined;
    if (!who) {
      c.counts.skipped++;
      plan.problems.push({
        ref: row.ref,
        severity: 'skipped',
        reason: `phone ${text(row.values.telepon) || '(empty)'} is no staff member's`,
      });
      continue;
    }
    const { word, rest } = workMessage(row.values.pesan);
    const a = c.t.assignments.find((x) => x.staffId === who.id);
    const by = { actorKind: 'staff' as const, actorId: who.id, actorName: who.name, at: c.at };
    if (word === 'start' || word === 'mulai') {
      if (a && (a.startedAt === null || a.startedAt > c.at)) a.startedAt = c.at;
      c.t.events.push({ kind: 'started', note: startedNote(who.name, rest || null), ...by });
    } else if (word === 'finish' || word === 'selesai') {
      if (a) a.finishedAt = c.at;
      c.t.events.push({ kind: 'finished', note: finishedNote(who.name, rest || null, false), ...by });
    } else {
      c.t.events.push({ kind: 'progress', note: progressNote(rest || '-', false), ...by });
    }
    c.t.childKeys.push({ entity: 'work', key: c.key });
    c.counts.create++;
  }

  for (const t of byIdm.values()) {
    if (t.ticketId !== undefined && (t.events.length > 0 || t.assignments.length > 0)) plan.tickets.push(t);
  }
  for (const t of plan.tickets) finishTicket(t);
}

/** Orders the history by time and derives the ticket's times from it. */
function finishTicket(t: PlannedTicket): void {
  t.events.sort((a, b) => a.at - b.at);
  const last = t.events.reduce((m, e: PlannedEvent) => Math.max(m, e.at), 0);
  const row = t.row;
  // A closed report leaves no job open: an assignment without its #finish ends when the report was closed (else it
  // would sit in the technician's #job list for ever). On an open report only a #finish ends one: tb_penugasan's own
  // `selesai` carries no time.
  if (!row) return;
  if (row.status === 'ditutup') for (const a of t.assignments) a.finishedAt ??= Math.max(last, a.assignedAt);
  row.updatedAt = Math.max(row.createdAt, last);
  if (row.status === 'ditutup') row.finishedAt = row.closedAt = row.updatedAt;
  const assigned = t.assignments.map((a) => a.assignedAt);
  const started = t.assignments.flatMap((a) => (a.startedAt === null ? [] : [a.startedAt]));
  row.firstAssignedAt = assigned.length ? Math.min(...assigned) : null;
  row.firstStartedAt = started.length ? Math.min(...started) : null;
}
