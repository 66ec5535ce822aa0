import type { StaffLevel } from '../../db/database';
import { normalizePhone } from '../../shared/phone';
import type { LegacyPlan, PlannedEmployee, PlannedStaff, TargetState } from './legacy-plan.model';
import type { LegacySnapshot } from './legacy-schema';

/** A mobile number as the new system stores it (`62…`), or undefined; `repaired` when a lost leading 0 was put back. */
export function legacyPhone(raw: string | null | undefined): { phone: string; repaired: boolean } | undefined {
  const digits = normalizePhone(raw);
  if (/^62\d{8,13}$/.test(digits)) return { phone: digits, repaired: false };
  // A spreadsheet drops the leading 0 of 0812…, leaving 812…: Indonesian mobile numbers start with 8.
  if (/^8\d{8,11}$/.test(digits)) return { phone: `62${digits}`, repaired: true };
  return undefined;
}

const text = (v: string | null | undefined) => (v ?? '').trim();
const orNull = (v: string | null | undefined) => text(v) || null;
const activeOf = (v: string | null | undefined) => (/^aktif$/i.test(text(v)) ? 'active' : 'inactive');

const levels: Record<string, StaffLevel> = {
  administrator: 'Administrator',
  admin: 'Administrator',
  staf: 'Staf',
  staff: 'Staf',
  tbo: 'TBO',
};

/** Old employees (tb_pegawai) → employees: matched by id or phone to what exists, phones normalised, duplicates merged. */
export function planEmployees(src: LegacySnapshot, target: TargetState, plan: LegacyPlan): void {
  const counts = plan.counts.employee;
  const planned = new Map<string, PlannedEmployee>();
  const byPhone = new Map<string, string>();
  for (const { ref, values } of src.tb_pegawai) {
    counts.read++;
    const key = text(values.id_pegawai);
    const skip = (reason: string) => {
      counts.skipped++;
      plan.problems.push({ ref, severity: 'skipped', reason });
    };
    if (!key) {
      skip('no id_pegawai');
      continue;
    }
    if (target.keys.has(`employee:${key}`)) {
      counts.existing++;
      continue;
    }
    const p = legacyPhone(values.telepon);
    if (!p) {
      skip(text(values.telepon) ? `phone "${text(values.telepon)}" is not a mobile number` : 'no phone');
      continue;
    }
    const existingId = target.employeeByPhone.get(p.phone);
    const sameId = target.employeeById.get(key);
    if (existingId !== undefined || sameId === p.phone) {
      counts.existing++;
      plan.linkedPeople.push({ entity: 'employee', key, newId: existingId ?? key });
      continue;
    }
    if (sameId !== undefined) {
      skip(`id ${key} already belongs to another employee (${sameId})`);
      continue;
    }
    const twin = byPhone.get(p.phone);
    if (twin !== undefined) {
      counts.existing++;
      plan.linkedPeople.push({ entity: 'employee', key, newId: twin });
      plan.problems.push({ ref, severity: 'repaired', reason: `same phone as ${twin}: merged into it` });
      counts.repaired++;
      continue;
    }
    if (p.repaired) {
      counts.repaired++;
      plan.problems.push({ ref, severity: 'repaired', reason: `phone "${text(values.telepon)}" read as ${p.phone}` });
    }
    const e: PlannedEmployee = {
      id: key,
      name: text(values.nama_pegawai) || key,
      email: orNull(values.email),
      phone: p.phone,
      department: orNull(values.jurusan),
      unit: orNull(values.bagian),
      status: activeOf(values.status),
      notes: orNull(values.keterangan),
    };
    planned.set(key, e);
    byPhone.set(p.phone, key);
    plan.employees.push(e);
    counts.create++;
  }
}

/** Old staff (tb_admin) → staff, without any password: the importer hands out set-password links instead. */
export function planStaff(src: LegacySnapshot, target: TargetState, plan: LegacyPlan): void {
  const counts = plan.counts.staff;
  const phones = new Set(target.staffByPhone.keys());
  const usernames = new Set(target.usernames);
  for (const { ref, values } of src.tb_admin) {
    counts.read++;
    const key = text(values.id_admin);
    const skip = (reason: string) => {
      counts.skipped++;
      plan.problems.push({ ref, severity: 'skipped', reason });
    };
    const repaired = (reason: string) => plan.problems.push({ ref, severity: 'repaired', reason });
    if (!key) {
      skip('no id_admin');
      continue;
    }
    if (target.keys.has(`staff:${key}`)) {
      counts.existing++;
      continue;
    }
    const level = levels[text(values.level).toLowerCase()];
    if (!level) {
      skip(`level "${text(values.level)}" is none of Administrator, Staf, TBO`);
      continue;
    }
    const p = legacyPhone(values.telepon);
    const username = text(values.username) || key.toLowerCase();
    const sameId = target.staffById.get(key);
    if (sameId) {
      if ((p && sameId.phone === p.phone) || sameId.username === username) {
        counts.existing++;
        plan.linkedPeople.push({ entity: 'staff', key, newId: key });
      } else skip(`id ${key} already belongs to another staff member (${sameId.username})`);
      continue;
    }
    const byPhone = p && target.staffByPhone.get(p.phone);
    if (byPhone) {
      counts.existing++;
      plan.linkedPeople.push({ entity: 'staff', key, newId: byPhone });
      continue;
    }
    let fixed = false;
    let phone = p?.phone ?? null;
    if (p?.repaired) {
      fixed = true;
      repaired(`phone "${text(values.telepon)}" read as ${p.phone}`);
    } else if (!p && text(values.telepon)) {
      fixed = true;
      repaired(`phone "${text(values.telepon)}" is not a mobile number: left empty`);
    }
    if (phone && phones.has(phone)) {
      fixed = true;
      repaired(`phone ${phone} is another staff member's: left empty`);
      phone = null;
    }
    let name = username;
    for (let n = 2; usernames.has(name.toLowerCase()); n++) name = `${username}_lama${n > 2 ? n - 1 : ''}`;
    if (name !== username) {
      fixed = true;
      repaired(`username "${username}" is taken: "${name}"`);
    }
    if (fixed) counts.repaired++;
    if (phone) phones.add(phone);
    usernames.add(name.toLowerCase());
    const s: PlannedStaff = {
      id: key,
      name: text(values.nama_admin) || key,
      level,
      description: orNull(values.deskripsi),
      email: orNull(values.email),
      phone,
      username: name,
      status: activeOf(values.status),
      notes: orNull(values.keterangan),
    };
    plan.staff.push(s);
    counts.create++;
  }
}
