import type { TicketStatus } from '../../db/database';
import { openedNote } from '../texts/history.texts';
import { legacyPhone } from './legacy-people.plan';
import type { LegacyPlan, PlannedTicket, TargetState } from './legacy-plan.model';
import type { LegacySnapshot } from './legacy-schema';
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

/** The reports planned so far, by their old key and by their number: where the history rows attach. */
export interface PlannedReports {
  byIdm: Map<string, ReportPlan>;
  byNo: Map<string, ReportPlan>;
}

/** A planned report with its own time (for history rows without a date) and reporter's name. */
type ReportPlan = PlannedTicket & { at: number; name: string };

/**
 * Old reports (tb_monitoring) → tickets with their `created` entry. Reports without a tracking number are plain
 * messages and stay behind; a number stored twice is kept by its first row.
 */
export function planTickets(src: LegacySnapshot, target: TargetState, plan: LegacyPlan, clock: LegacyClock): PlannedReports {
  const employeeIds = new Map<string, string>();
  for (const e of plan.employees) employeeIds.set(e.id, e.id);
  for (const l of plan.linkedPeople) if (l.entity === 'employee') employeeIds.set(l.key, l.newId);
  for (const [k, id] of target.keys) if (k.startsWith('employee:')) employeeIds.set(k.slice(9), id);
  const pegawai = new Map(src.tb_pegawai.map((r) => [text(r.values.id_pegawai), r.values]));
  const employeeOfPhone = new Map<string, string>(target.employeeByPhone);
  for (const e of plan.employees) employeeOfPhone.set(e.phone, e.id);

  const byIdm = new Map<string, ReportPlan>();
  const byNo = new Map<string, ReportPlan>();
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
    const own = legacyInstant(values.tanggal, values.jam, clock);
    if (existing !== undefined) {
      counts.existing++;
      const at = own ?? monthStart(no.yymm, clock);
      const t = { legacyKey: idm, ticketId: Number(existing), events: [], assignments: [], childKeys: [], at, name };
      byIdm.set(idm, t);
      byNo.set(no.no, t);
      continue;
    }
    if (target.takenTrackingNos.has(no.no)) {
      skip(`tracking number ${no.no} is already used by a ticket of the new system`);
      continue;
    }
    const fixes: string[] = [];
    let at = own;
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
    const t: ReportPlan = {
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

  return { byIdm, byNo };
}
