import type { Config } from '../config';
import type { Executor } from '../db/create-db';
import { findEmployeesByPhones, workplaceOf } from '../features/employees/employee.repository';
import type { Employee } from '../features/employees/employee.model';
import type { InboundMessage } from '../features/inbound/inbound.model';
import { findActiveStaffByPhones } from '../features/staff/staff.repository';
import type { StaffMember } from '../features/staff/staff.model';
import type { Role, Sender } from './command.types';

/**
 * Who wrote each message, looked up by phone in the employee and staff directories:
 * two queries for a whole batch of messages, whatever its size.
 */
export async function resolveSenders(ex: Executor, messages: readonly InboundMessage[], config: Config): Promise<Sender[]> {
  const phones = messages.map((m) => m.senderPhone);
  const [employees, staff] = await Promise.all([findEmployeesByPhones(ex, phones), findActiveStaffByPhones(ex, phones)]);
  const employeeByPhone = new Map(employees.map((e) => [e.phone, e]));
  const staffByPhone = new Map(staff.map((s) => [s.phone!, s]));
  return messages.map((m) => senderOf(m, employeeByPhone.get(m.senderPhone), staffByPhone.get(m.senderPhone), config));
}

function senderOf(message: InboundMessage, found: Employee | undefined, staff: StaffMember | undefined, config: Config): Sender {
  const employee = found?.active ? found : undefined;
  const roles = new Set<Role>();
  if (employee || staff || config.unknownSenders === 'accept') roles.add('reporter');
  if (staff?.level === 'TBO') roles.add('technician');
  if (staff && staff.level !== 'TBO') roles.add('admin');
  return {
    phone: message.senderPhone,
    name: employee?.name ?? staff?.name ?? message.senderName?.trim() ?? message.senderPhone,
    workplace: employee ? workplaceOf(employee) : staff ? staff.level : null,
    employee: employee ?? null,
    staff: staff ?? null,
    roles,
    unknown: !employee && !staff,
  };
}
