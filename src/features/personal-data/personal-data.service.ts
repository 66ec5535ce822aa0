import { randomUUID } from 'node:crypto';
import type { Db, Executor } from '../../db/create-db';
import type { Work } from '../../db/unit-of-work';
import { AppError, conflict, notFound } from '../../errors';
import type { Logger } from '../../logger';
import { normalizePhone } from '../../shared/phone';
import { anonymiseTickets } from '../retention/anonymise.repository';
import { buildExportZip } from './personal-data-export';
import { deleteStoredFiles } from './personal-data-files';
import type { PersonalDataSummary } from './personal-data.model';
import { anonymiseStaff, deleteEmployee, deletePersonRows, markPhotosRemoved } from './personal-data-erasure.repository';
import { exportRecords } from './personal-data-export.repository';
import { countHeld, findEmployee, findStaffByPhone, photosOf, reportedTicketIds } from './personal-data.repository';
import type { PersonQuery } from './personal-data.schema';

/** Resolves the request to a phone and employee, and counts what is held. An unknown employee id is a 404. */
async function summarise(ex: Executor, q: PersonQuery) {
  const employee = await findEmployee(ex, q.employeeId ? { id: q.employeeId } : { phone: q.phone });
  if (q.employeeId && !employee) throw notFound(`employee ${q.employeeId}`);
  const phone = employee?.phone ?? q.phone ?? '';
  const person = { phone, employeeId: employee?.id ?? null };
  const [staff, ticketIds] = await Promise.all([findStaffByPhone(ex, phone), reportedTicketIds(ex, person)]);
  const [held, photos] = await Promise.all([countHeld(ex, person, ticketIds), photosOf(ex, ticketIds, phone)]);
  const summary: PersonalDataSummary = {
    person,
    employee: employee ? { id: employee.id, name: employee.name, unit: employee.unit, status: employee.status } : null,
    staff,
    counts: {
      ticketsAsReporter: ticketIds.length,
      ...held,
      photos: photos.filter((p) => p.storagePath !== null).length,
      employeeEntries: employee ? 1 : 0,
      staffEntries: staff.length,
    },
  };
  return { summary, ticketIds, photos };
}

/** What is held about one phone number or employee, as counts. Reads only. */
export async function personalDataSummary(db: Db, q: PersonQuery): Promise<PersonalDataSummary> {
  return (await summarise(db.kysely, q)).summary;
}

/**
 * Everything held about the person as a ZIP (data.json, data.xlsx, photos/…). Audited as
 * `personal_data.export` under a random reference with the counts: the audit log names nobody.
 */
export async function exportPersonalData(
  work: Work,
  db: Db,
  q: PersonQuery,
  mediaDir: string,
): Promise<{ reference: string; zip: Buffer }> {
  const { summary, ticketIds, photos } = await summarise(db.kysely, q);
  const records = await exportRecords(db.kysely, summary.person, ticketIds);
  const zip = await buildExportZip({ summary, records, photos, mediaDir, exportedAt: work.now });
  const reference = randomUUID();
  await work.run((u) =>
    u.audit({ action: 'personal_data.export', entity: 'personal_data', entityId: reference, after: { counts: summary.counts } }),
  );
  return { reference, zip };
}

/** The confirmation must repeat what was asked for: the phone (normalised alike) or the employee id. */
function checkConfirmation(q: PersonQuery, confirm: string): void {
  const ok = q.employeeId ? confirm.trim().toUpperCase() === q.employeeId.toUpperCase() : normalizePhone(confirm) === q.phone;
  if (!ok) throw new AppError('VALIDATION_FAILED', 'confirm: does not match the phone or employee id to erase', { field: 'confirm' });
}

/**
 * Erases the person in one transaction: their messages (in and out), inbox entry, drafts, follows
 * and held complaints are deleted; their tickets are anonymised as the retention rule does (the
 * tickets and statistics stay); their photos' rows are marked and the files deleted after commit;
 * rating comments blanked; the directory entry removed; an inactive staff account with the phone
 * anonymised. An active staff account is refused (409): deactivate it first. Audited as
 * `personal_data.erase` under a random reference with the counts, nothing that names the person.
 */
export async function erasePersonalData(work: Work, q: PersonQuery, confirm: string, deps: { mediaDir: string; logger: Logger }) {
  checkConfirmation(q, confirm);
  const reference = randomUUID();
  const { counts, files } = await work.run(async (u) => {
    const { summary, ticketIds, photos } = await summarise(u.trx, q);
    const active = summary.staff.filter((s) => s.status === 'active');
    if (active.length)
      throw conflict('an active staff account has this phone: deactivate it first', { reason: 'staff_active', staffId: active[0]!.id });
    const phone = summary.person.phone;
    const stored = photos.filter((p) => p.storagePath !== null);
    // Messages first: anonymising the tickets blanks the sender columns they are found by.
    if (phone) await deletePersonRows(u.trx, phone, ticketIds, u.now);
    // Only them: someone else following their ticket keeps following it.
    await anonymiseTickets(u.trx, ticketIds, u.now, 'reporter');
    await markPhotosRemoved(
      u.trx,
      stored.map((p) => p.id),
      u.now,
    );
    if (summary.employee) await deleteEmployee(u.trx, summary.employee.id);
    await anonymiseStaff(
      u.trx,
      summary.staff.map((s) => s.id),
      u.now,
    );
    await u.audit({ action: 'personal_data.erase', entity: 'personal_data', entityId: reference, after: { counts: summary.counts } });
    return { counts: summary.counts, files: stored.map((p) => p.storagePath!) };
  });
  const filesDeleted = await deleteStoredFiles(deps.mediaDir, files);
  deps.logger.info({ reference, counts, filesDeleted }, 'personal data erased');
  return { reference, counts, filesDeleted };
}
