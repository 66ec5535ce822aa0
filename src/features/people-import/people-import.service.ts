import type { Executor } from '../../db/create-db';
import { isUniqueViolation } from '../../db/db-errors';
import type { Work } from '../../db/unit-of-work';
import { AppError, conflict } from '../../errors';
import { dataRows, matchHeaders, readSheet, sheetFormatOf } from '../../shared/spreadsheet';
import { yearMonthIn } from '../../shared/time';
import { createSetPasswordLinks } from '../auth/set-password-link.service';
import { COLUMNS, COLUMNS_OF, REQUIRED, type Column, type PeopleKind } from './people-columns';
import { allPeople, endSessions, insertPeople, updatePerson } from './people-import.repository';
import { planPeople, type Person, type Plan, type PlannedRow, type RowAction } from './people-plan';

/**
 * Bulk import of employees or staff from a CSV or XLSX file: a preview that writes nothing, and an
 * apply that plans again inside its transaction and writes everything or nothing, audited once.
 * New staff get no password: the apply hands back a one-time set-password link for each.
 */

export interface PeopleImportInput {
  kind: PeopleKind;
  filename: string | null;
  content: Buffer;
  allowNewUnits: boolean;
}

/** Where links point and how long they live; the time zone numbers new employees (PGW{YY}{MM}…). */
export interface ImportSettings {
  publicUrl: string;
  setPasswordLinkMs: number;
  timezone: string;
}

interface IssuedLink {
  staffId: string;
  name: string;
  username: string;
  url: string;
  expiresAt: number;
}

export interface PeopleImportReport {
  kind: PeopleKind;
  dryRun: boolean;
  /** False when nothing was written: a preview, a refused row, or nothing to change. */
  applied: boolean;
  columns: { found: Column[]; missing: Column[]; ignored: string[] };
  counts: Record<RowAction, number>;
  rows: PlannedRow[];
  /** Set-password links of the staff this import created: shown once, never stored in clear. */
  links: IssuedLink[];
}

async function readPeopleSheet(input: PeopleImportInput) {
  const grid = await readSheet(input.content, sheetFormatOf(input.content, input.filename));
  const { headerIndex, at, ignored } = matchHeaders(grid, COLUMNS[input.kind]);
  const found = COLUMNS_OF[input.kind].filter((c) => at[c] !== undefined);
  if (found.length === 0) {
    throw new AppError('VALIDATION_FAILED', 'content: no known column (nama/name, no hp/phone, …) in the first row', { field: 'content' });
  }
  const columns = { found, missing: REQUIRED[input.kind].filter((c) => at[c] === undefined), ignored };
  return { rows: dataRows(grid, headerIndex), at, columns };
}

function reportOf(input: PeopleImportInput, sheet: { columns: PeopleImportReport['columns'] }, plan: Plan, dryRun: boolean) {
  const counts: Record<RowAction, number> = { create: 0, update: 0, unchanged: 0, refused: 0 };
  for (const r of plan.rows) counts[r.action]++;
  return { kind: input.kind, dryRun, applied: false, columns: sheet.columns, counts, rows: plan.rows, links: [] as IssuedLink[] };
}

/** What the file would do, written nowhere. */
export async function previewPeopleImport(ex: Executor, input: PeopleImportInput): Promise<PeopleImportReport> {
  const sheet = await readPeopleSheet(input);
  const plan = planPeople(input.kind, sheet.rows, sheet.at, await allPeople(ex, input.kind), input);
  return reportOf(input, sheet, plan, true);
}

/**
 * Applies the file in one transaction: nothing is written when any row is refused. Audited once as
 * `employee.import` or `staff.import` with the counts; a person added by someone else between the
 * plan and the write (a unique key) is a 409 asking to preview again.
 */
export async function applyPeopleImport(work: Work, input: PeopleImportInput, settings: ImportSettings): Promise<PeopleImportReport> {
  const sheet = await readPeopleSheet(input);
  const applying = work.run(async (u) => {
    const existing = await allPeople(u.trx, input.kind);
    const plan = planPeople(input.kind, sheet.rows, sheet.at, existing, input);
    const report = reportOf(input, sheet, plan, false);
    if (report.counts.refused > 0 || plan.creates.length + plan.updates.length === 0) return report;

    const nextId = idMaker(input.kind, existing, plan, u.now, settings.timezone);
    const creates = plan.creates.map((c) => ({ id: c.id ?? nextId(), fields: c.fields }));
    await insertPeople(u.trx, input.kind, creates, u.now);
    for (const up of plan.updates) await updatePerson(u.trx, input.kind, up.id, up.fields, u.now);
    if (input.kind === 'staff') {
      const wasActive = new Set(existing.filter((p) => p.active).map((p) => p.id));
      await endSessions(
        u.trx,
        plan.updates.filter((up) => !up.fields.active && wasActive.has(up.id)).map((up) => up.id),
      );
      const links = await createSetPasswordLinks(
        u.trx,
        creates.map((c) => c.id),
        { createdBy: u.actor?.id ?? null, now: u.now, ttlMs: settings.setPasswordLinkMs, publicUrl: settings.publicUrl },
      );
      report.links = creates.map((c) => ({ staffId: c.id, name: c.fields.name, username: c.fields.username!, ...links.get(c.id)! }));
    }
    // Fill in the numbers given on apply, so the answer names every new person.
    let i = 0;
    for (const r of report.rows) if (r.action === 'create') r.id = creates[i++]!.id;
    await u.audit({
      action: input.kind === 'employees' ? 'employee.import' : 'staff.import',
      entity: input.kind === 'employees' ? 'employee' : 'staff',
      entityId: null,
      after: {
        filename: input.filename,
        counts: report.counts,
        // Staff lists are short enough to name; 20,000 employee ids are not worth an audit row.
        ...(input.kind === 'staff' ? { created: creates.map((c) => c.id), updated: plan.updates.map((up) => up.id) } : {}),
      },
    });
    return { ...report, applied: true };
  });
  return applying.catch((err: unknown) => {
    throw isUniqueViolation(err) ? conflict('someone changed the directory meanwhile; preview again', { reason: 'import_stale' }) : err;
  });
}

/**
 * Numbers new people like the one-at-a-time forms do: employees `PGW{YY}{MM}{NNN}` after the month's
 * highest, staff the first free `ADMnn`, skipping ids the file gives.
 */
function idMaker(kind: PeopleKind, existing: Person[], plan: Plan, now: number, tz: string): () => string {
  const taken = new Set([...existing.map((p) => p.id), ...plan.creates.flatMap((c) => (c.id ? [c.id] : []))]);
  const prefix = kind === 'employees' ? `PGW${yearMonthIn(now, tz)}` : 'ADM';
  const width = kind === 'employees' ? 3 : 2;
  // A reduce, not Math.max(...ids): 20,000 arguments is close to what a call may take.
  let n = 0;
  if (kind === 'employees') {
    for (const id of taken) {
      const rest = id.startsWith(prefix) ? id.slice(prefix.length) : '';
      if (/^\d+$/.test(rest)) n = Math.max(n, Number(rest));
    }
  }
  return () => {
    let id: string;
    do id = `${prefix}${String(++n).padStart(width, '0')}`;
    while (taken.has(id));
    taken.add(id);
    return id;
  };
}
