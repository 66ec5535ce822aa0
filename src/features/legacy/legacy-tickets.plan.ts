import type { TicketStatus } from '../../db/database';
import { assignedNote, finishedNote, openedNote, progressNote, startedNote } from '../texts/history.texts';
import { legacyPhone } from './legacy-people.plan';
import type { LegacyPlan, PlannedEvent, PlannedTicket, TargetState } from './legacy-plan.model';
import type { LegacyRow, LegacySnapshot } from './legacy-schema';
import { legacyInstant, monthStart, stampSlipHours, type LegacyClock } from './legacy-time';

const text = (v: string | null | undefined) => (v ?? '').trim();

/** `MON2403002` → prefix, yymm and sequence; undefined for anything else. */
export function splitTrackingNo(raw: string | null | undefined): { no: string; prefix: string; yymm: string; seq: number } | undefined {
  const no = text(raw).toUpperCase();
  const m = /^([A-Z]{1,8})(\d{2}(0[1-9]|1[0-2]))(\d{3,8})$/.exec(no);
  return m ? { no, prefix: m[1]!, yymm: m[2]!, seq: Number(m[4]) } : undefined;
}

/** The old statuses (figure 3.4: baru, dalam proses, selesai, pending) → ours. A finished old report is closed: nobody will confirm it now. */
function statusOf(raw: string | null | undefined): TicketStatus | undefined {
  const s = text(raw).toLowerCase();
  if (s === '' || s.startsWith('baru')) return 'baru';
  if (s.includes('proses') || s.includes('penugasan')) return 'proses';
  if (s.startsWith('pending') || s.includes('tunda')) return 'pending';
  if (s.startsWith('selesai') || s.includes('ditutup') || s.includes('tutup')) return 'ditutup';
  return undefined;
}

/** The report's own words: without the book's `(Request)` mark, the #request keyword and the timestamp the old code appended. */
export function complaintOf(pesan: string | null | undefined): string {
  return text(pesan)
    .replace(/^\(request\)\s*/i, '')
    .replace(/^#?(request|req|help|bantu|tolong)\b\s*/i, '')
    .replace(/\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\s*$/, '')
    .trim();
}

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
 * Old reports (tb_monitoring) with their history (tb_track), assignments (tb_penugasan) and the technicians'
 * messages (tb_kerja) → tickets, assignments and history entries. Reports without a tracking number are plain
 * messages and stay behind; a number stored twice is kept by its first row.
 */
export function planTickets(src: LegacySnapshot, target: TargetState, plan: LegacyPlan, clock: LegacyClock): void {
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

  const employeeIds = new Map<string, string>();
  for (const e of plan.employees) employeeIds.set(e.id, e.id);
  for (const l of plan.linkedPeople) if (l.entity === 'employee') employeeIds.set(l.key, l.newId);
  for (const [k, id] of target.keys) if (k.startsWith('employee:')) employeeIds.set(k.slice(9), id);
  const pegawai = new Map(src.tb_pegawai.map((r) => [text(r.values.id_pegawai), r.values]));
  const employeeOfPhone = new Map<string, string>(target.employeeByPhone);
  for (const e of plan.employees) employeeOfPhone.set(e.phone, e.id);

  const byIdm = new Map<string, PlannedTicket & { at: number; name: string }>();
  const byNo = new Map<string, PlannedTicket & { at: number; name: string }>();
  const firstIdmOfNo = new Map<string, string>();
  const counts = plan.counts.ticket;

  for (const { ref, values } of src.tb_monitoring) {
    counts.read++;
    const idm = text(values.idm);
    const skip = (reason: string) => {
      counts.skipped++;
      plan.problems.push({ ref, severity: 'skipped', reason });
    };
    if (!text(values.id_track)) {
      skip('no tracking number: a plain message, not a report');
      continue;
    }
    const no = splitTrackingNo(values.id_track);
    if (!no) {
      skip(`tracking number "${text(values.id_track)}" is not shaped like MON2403002`);
      continue;
    }
    const first = firstIdmOfNo.get(no.no);
    if (first !== undefined) {
      skip(`tracking number ${no.no} is stored twice: kept idm=${first}`);
      continue;
    }
    firstIdmOfNo.set(no.no, idm);
    const slip = stampSlipHours(values.tanggal, values.jam, values.pesan);
    if (slip !== undefined) plan.stampSlips.set(slip, (plan.stampSlips.get(slip) ?? 0) + 1);
    const existing = target.keys.get(`ticket:${idm}`);
    const name = text(values.nama_pelapor) || text(pegawai.get(text(values.id_pegawai))?.nama_pegawai) || 'Pelapor';
    if (existing !== undefined) {
      counts.existing++;
      const t = { legacyKey: idm, ticketId: Number(existing), events: [], assignments: [], childKeys: [], at: 0, name };
      byIdm.set(idm, t);
      byNo.set(no.no, t);
      continue;
    }
    if (target.takenTrackingNos.has(no.no)) {
      skip(`tracking number ${no.no} is already used by a ticket of the new system`);
      continue;
    }
    const fixes: string[] = [];
    let at = legacyInstant(values.tanggal, values.jam, clock);
    if (at === undefined) {
      at = monthStart(no.yymm, clock);
      fixes.push(`date "${text(values.tanggal)} ${text(values.jam)}" is no date: the first of the number's month is used`);
    }
    const status = statusOf(values.status) ?? 'baru';
    if (!statusOf(values.status)) fixes.push(`status "${text(values.status)}" unknown: imported as baru`);
    const emp = pegawai.get(text(values.id_pegawai));
    let phone = legacyPhone(values.telepon)?.phone;
    if (!phone && emp) {
      phone = legacyPhone(emp.telepon)?.phone;
      if (phone) fixes.push(`no phone on the report: the employee's ${phone} is used`);
    }
    if (!phone) fixes.push('no phone on the report or its employee: nobody can ask about it by chat');
    const unit = text(values.profil_pelapor) || [text(emp?.jurusan), text(emp?.bagian)].filter(Boolean).join('/') || null;
    const t: PlannedTicket & { at: number; name: string } = {
      legacyKey: idm,
      row: {
        trackingNo: no.no,
        status,
        complaint: complaintOf(values.pesan) || '(kosong)',
        reporterEmployeeId: employeeIds.get(text(values.id_pegawai)) ?? (phone ? employeeOfPhone.get(phone) : undefined) ?? null,
        reporterPhone: phone ?? '',
        reporterName: name,
        reporterUnit: unit,
        createdAt: at,
        updatedAt: at,
        finishedAt: null,
        closedAt: null,
        firstAssignedAt: null,
        firstStartedAt: null,
      },
      events: [{ kind: 'created', note: openedNote(), actorKind: 'reporter', actorId: null, actorName: name, at }],
      assignments: [],
      childKeys: [],
      at,
      name,
    };
    for (const f of fixes) plan.problems.push({ ref, severity: 'repaired', reason: f });
    if (fixes.length) counts.repaired++;
    counts.create++;
    byIdm.set(idm, t);
    byNo.set(no.no, t);
    plan.tickets.push(t);
  }

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
    const done = /selesai/i.test(text(row.values.status));
    c.t.assignments.push({
      legacyKey: c.key,
      staffId: who.id,
      note: text(row.values.catatan) || null,
      assignedAt: c.at,
      startedAt: null,
      finishedAt: done ? -1 : null,
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
  for (const a of t.assignments) if (a.finishedAt === -1) a.finishedAt = row?.status === 'ditutup' ? last : null;
  if (!row) return;
  row.updatedAt = Math.max(row.createdAt, last);
  if (row.status === 'ditutup') row.finishedAt = row.closedAt = row.updatedAt;
  const assigned = t.assignments.map((a) => a.assignedAt);
  const started = t.assignments.flatMap((a) => (a.startedAt === null ? [] : [a.startedAt]));
  row.firstAssignedAt = assigned.length ? Math.min(...assigned) : null;
  row.firstStartedAt = started.length ? Math.min(...started) : null;
}
