// Bulk import of people (issue 16 part 1): 20,000 employees from one XLSX, previewed, applied and applied
// again (all unchanged), through the service functions the route and the command line call (no HTTP:
// the upload itself is a file copy), on SQLite and MariaDB.
import ExcelJS from 'exceljs';
import { createDb } from '../src/db/create-db';
import { migrateToLatest } from '../src/db/migrate';
import { unitOfWork } from '../src/db/unit-of-work';
import { auditEntry } from '../src/features/audit/audit-context';
import { recordAudit } from '../src/features/audit/audit.repository';
import { applyPeopleImport, previewPeopleImport, type PeopleImportInput } from '../src/features/people-import/people-import.service';
import { log } from './lib/env';
import type { BenchDb } from './lib/targets';

export interface PeopleImportFigure {
  dialect: 'sqlite' | 'mysql';
  rows: number;
  fileBytes: number;
  previewSeconds: number;
  applySeconds: number;
  /** The same file applied again: every row unchanged, nothing written. */
  reapplySeconds: number;
  created: number;
  unchanged: number;
}

/** BENCH_PEOPLE_ROWS: fewer for a quick try of the part itself. */
const ROWS = Number(process.env.BENCH_PEOPLE_ROWS ?? 20_000);
const UNITS = 40;

/** A directory as a faculty office would send it: Indonesian headers, 08… numbers as text, 40 units. */
async function workbook(rows: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Pegawai');
  sheet.addRow(['Nama', 'No HP', 'Email', 'Departemen', 'Unit Kerja', 'Status']);
  for (let i = 0; i < rows; i++) {
    sheet.addRow([
      `Pegawai ${i}`,
      `0857${String(10_000_000 + i)}`,
      `p${i}@kampus.ac.id`,
      `Fakultas ${i % 7}`,
      `Unit ${i % UNITS}`,
      'aktif',
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const seconds = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const t = process.hrtime.bigint();
  const out = await fn();
  return [out, Number(process.hrtime.bigint() - t) / 1e9];
};

async function runOn(url: string, dialect: PeopleImportFigure['dialect'], file: Buffer): Promise<PeopleImportFigure> {
  const db = createDb(url);
  try {
    await migrateToLatest(db);
    // The first import of a fresh directory: every unit is new, so they are allowed.
    const input: PeopleImportInput = { kind: 'employees', filename: 'pegawai.xlsx', content: file, allowNewUnits: true };
    const settings = { publicUrl: 'http://localhost', setPasswordLinkMs: 72 * 3600_000, timezone: 'Asia/Jakarta' };
    const work = () => {
      const now = Date.now();
      const ctx = { actor: null, now, requestId: null, ip: null };
      return unitOfWork(db, { now, actor: null, writeAudit: (trx, e) => recordAudit(trx, auditEntry(ctx, e)), wake: () => {} });
    };
    const [preview, previewSeconds] = await seconds(() => previewPeopleImport(db.kysely, input));
    const [applied, applySeconds] = await seconds(() => applyPeopleImport(work(), input, settings));
    const [again, reapplySeconds] = await seconds(() => applyPeopleImport(work(), input, settings));
    if (preview.counts.create !== ROWS || !applied.applied || applied.counts.create !== ROWS || again.counts.unchanged !== ROWS) {
      throw new Error(
        `unexpected counts: preview ${JSON.stringify(preview.counts)}, apply ${JSON.stringify(applied.counts)}, again ${JSON.stringify(again.counts)}`,
      );
    }
    return {
      dialect,
      rows: ROWS,
      fileBytes: file.length,
      previewSeconds,
      applySeconds,
      reapplySeconds,
      created: applied.counts.create,
      unchanged: again.counts.unchanged,
    };
  } finally {
    await db.destroy();
  }
}

export async function peopleImportPart(bench: BenchDb): Promise<PeopleImportFigure[]> {
  log(`people: an XLSX of ${ROWS.toLocaleString('en')} employees`);
  const file = await workbook(ROWS);
  const out: PeopleImportFigure[] = [];
  for (const dialect of ['sqlite', 'mysql'] as const) {
    const url = dialect === 'mysql' ? await bench.create(`people_${Date.now()}`) : bench.sqlite(`people-${Date.now()}`);
    log(`people: ${dialect}`);
    out.push(await runOn(url, dialect, file));
  }
  return out;
}

/** The lines of RESULTS.md and the target row. */
export function renderPeopleImport(figures: PeopleImportFigure[]): { lines: string[]; target: [string, string, boolean] } {
  const f1 = (n: number) => n.toFixed(1);
  const worst = Math.max(...figures.map((f) => f.previewSeconds + f.applySeconds));
  const rows = figures[0]?.rows ?? ROWS;
  return {
    lines: [
      `## Bulk import of ${rows.toLocaleString('en')} employees (issue 16 part 1)`,
      '',
      `One XLSX (${((figures[0]?.fileBytes ?? 0) / 1e6).toFixed(1)} MB), read, matched and checked row by row against the directory, then applied in one transaction (inserts of 500 rows), through the service functions the API route and the command line call. "Again" applies the same file a second time: every row unchanged, nothing written.`,
      '',
      '| database | rows | preview s | apply s | preview + apply s | again s |',
      '|---|---:|---:|---:|---:|---:|',
      ...figures.map(
        (f) =>
          `| ${f.dialect} | ${f.rows.toLocaleString('en')} | ${f1(f.previewSeconds)} | ${f1(f.applySeconds)} | ${f1(f.previewSeconds + f.applySeconds)} | ${f1(f.reapplySeconds)} |`,
      ),
      '',
    ],
    target: [`Import of ${rows.toLocaleString('en')} employees: preview + apply < 60 s on each database`, `${f1(worst)} s`, worst < 60],
  };
}
