import type { Config } from '../config';
import type { Executor } from '../db/create-db';
import { findEmployeeByPhone, workplaceOf } from '../features/employees/employee.repository';
import type { InboundMessage } from '../features/inbound/inbound.repository';
import { findActiveStaffByPhone } from '../features/staff/staff.repository';
import type { Role, Sender } from './command.types';

/** Who wrote a message, looked up by phone in the employee and staff directories. */
export async function resolveSender(ex: Executor, message: InboundMessage, config: Config): Promise<Sender> {
  const phone = message.senderPhone;
  const [found, staff] = await Promise.all([findEmployeeByPhone(ex, phone), findActiveStaffByPhone(ex, phone)]);
  const employee = found?.active ? found : undefined;
  const roles = new Set<Role>();
  if (employee || staff || config.unknownSenders === 'accept') roles.add('reporter');
  if (staff?.level === 'TBO') roles.add('technician');
  if (staff && staff.level !== 'TBO') roles.add('admin');
  return {
    phone,
    name: employee?.name ?? staff?.name ?? message.senderName?.trim() ?? phone,
    workplace: employee ? workplaceOf(employee) : staff ? staff.level : null,
    employee: employee ?? null,
    staff: staff ?? null,
    roles,
    unknown: !employee && !staff,
  };
}
