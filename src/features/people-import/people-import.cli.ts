/**
 * `wa-ticketing import people FILE [--kind employees|staff] [--apply] [--new-units]`
 *
 * Without --apply: the preview (counts, columns, refused rows with their reasons); nothing is written.
 * With --apply: the same, then everything applied in one transaction (audited, without an actor), or
 * nothing when a row is refused; new staff members' set-password links are printed once.
 * Exit codes: 0 done (or a clean preview), 1 rows refused or the file unreadable, 64 wrong command line.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config';
import { createDb } from '../../db/create-db';
import { migrateToLatest } from '../../db/migrate';
import { unitOfWork } from '../../db/unit-of-work';
import { AppError } from '../../errors';
import { systemClock } from '../../shared/clock';
import { EXIT_USAGE } from '../../shared/exit-codes';
import { auditEntry } from '../audit/audit-context';
import { recordAudit } from '../audit/audit.repository';
import { applyPeopleImport, previewPeopleImport, type PeopleImportReport } from './people-import.service';

const usage = 'usage: wa-ticketing import people FILE [--kind employees|staff] [--apply] [--new-units]';

/** @public loaded lazily by src/cli/import.command.ts with require(). */
export async function runPeopleImport(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        kind: { type: 'string', default: 'employees' },
        apply: { type: 'boolean', default: false },
        'new-units': { type: 'boolean', default: false },
      },
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n${usage}`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  const kind = values.kind;
  if (positionals.length !== 1 || (kind !== 'employees' && kind !== 'staff')) {
    console.error(usage);
    return EXIT_USAGE;
  }
  const file = positionals[0]!;
  let content: Buffer;
  try {
    content = await readFile(file);
  } catch (err) {
    console.error(`cannot read ${file}: ${(err as Error).message}`);
    return 1;
  }

  const config = loadConfig();
  const db = createDb(config.databaseUrl, { poolSize: 2 });
  try {
    await migrateToLatest(db);
    const input = { kind, filename: basename(file), content, allowNewUnits: values['new-units'] } as const;
    const now = systemClock.now();
    const ctx = { actor: null, now, requestId: null, ip: null };
    const work = unitOfWork(db, { now, actor: null, writeAudit: (trx, e) => recordAudit(trx, auditEntry(ctx, e)), wake: () => {} });
    const report = values.apply
      ? await applyPeopleImport(work, input, {
          publicUrl: config.publicUrl,
          setPasswordLinkMs: config.setPasswordLinkMs,
          timezone: config.timezone,
        })
      : await previewPeopleImport(db.kysely, input);
    print(file, report);
    return report.counts.refused > 0 ? 1 : 0;
  } catch (err) {
    if (err instanceof AppError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  } finally {
    await db.destroy();
  }
}

function print(file: string, r: PeopleImportReport): void {
  const c = r.counts;
  console.log(`${r.kind} from ${file}: ${c.create} to create, ${c.update} to update, ${c.unchanged} unchanged, ${c.refused} refused`);
  const ignored = r.columns.ignored.map((h) => JSON.stringify(h)).join(', ');
  console.log(
    `columns: ${r.columns.found.join(', ')}${r.columns.missing.length ? `; missing: ${r.columns.missing.join(', ')}` : ''}${ignored ? `; ignored: ${ignored}` : ''}`,
  );
  for (const row of r.rows) {
    const notes = [...row.reasons, ...row.warnings].map(
      (x) => `${x.code}${x.column ? ` (${x.column})` : ''}${x.otherRow ? ` [row ${x.otherRow}]` : ''}`,
    );
    if (row.action === 'refused' || row.warnings.length > 0) console.log(`row ${row.row}: ${row.action}: ${notes.join(', ')}`);
  }
  if (r.dryRun) console.log('preview only: nothing written (add --apply to import)');
  else if (r.applied) console.log('applied');
  else console.log(c.refused > 0 ? 'nothing written: fix the refused rows and run again' : 'nothing to change');
  for (const l of r.links) {
    console.log(
      `set-password link for ${l.staffId} ${l.username} (${l.name}), valid until ${new Date(l.expiresAt).toISOString()}: ${l.url}`,
    );
  }
}
