import { legacyEntities, type LegacyEntity } from './legacy-plan.model';
import type { LegacyImportResult } from './legacy-import.service';
import type { LegacyClock } from './legacy-time';

const labels: Record<LegacyEntity, string> = {
  employee: 'employees (tb_pegawai)',
  staff: 'staff (tb_admin)',
  ticket: 'reports (tb_monitoring)',
  history: 'history (tb_track)',
  assignment: 'assignments (tb_penugasan)',
  work: 'work entries (tb_kerja)',
  message: 'messages (tb_in)',
};

/** The operator's report of a run or dry run, in English like the rest of the command line. */
export function formatLegacyReport(
  r: LegacyImportResult,
  o: { source: string; dryRun: boolean; clock: LegacyClock; maxProblems: number; missingTables: readonly string[] },
): string[] {
  const lines: string[] = [];
  const offset = `${o.clock.offsetHours >= 0 ? '+' : ''}${o.clock.offsetHours} h`;
  lines.push(`Legacy import${o.dryRun ? ' (dry run)' : ''} from ${o.source}`);
  lines.push(`Old dates and times read as ${o.clock.timezone} wall-clock time, moved by ${offset} (--clock-offset-hours).`);
  if (o.missingTables.length) lines.push(`No CSV file for: ${o.missingTables.join(', ')} (read as empty).`);
  lines.push('');
  const pad = (s: string | number, n: number) => String(s).padStart(n);
  lines.push(
    `${'what'.padEnd(28)}${pad('read', 7)}${pad(o.dryRun ? 'would create' : 'created', 14)}${pad('already there', 15)}${pad('skipped', 9)}${pad('repaired', 10)}`,
  );
  for (const e of legacyEntities) {
    const c = r.plan.counts[e];
    if (e === 'message') continue;
    lines.push(
      `${labels[e].padEnd(28)}${pad(c.read, 7)}${pad(c.create, 14)}${pad(c.existing, 15)}${pad(c.skipped, 9)}${pad(c.repaired, 10)}`,
    );
  }
  lines.push(`${labels.message}: ${r.plan.counts.message.read} read, not carried over (questions about reports and the answers given).`);
  const slips = [...r.plan.stampSlips].sort((a, b) => b[1] - a[1]);
  if (slips.length) {
    const total = slips.reduce((n, [, c]) => n + c, 0);
    const [hours, count] = slips[0]!;
    lines.push(
      `The timestamp the old code appended to report texts is ${hours} h behind tanggal/jam in ${count} of ${total} reports; tanggal/jam are taken as the true local time (see README).`,
    );
  }
  const problems = r.plan.problems;
  if (problems.length) {
    lines.push('', `Problems (first ${Math.min(o.maxProblems, problems.length)} of ${problems.length}):`);
    for (const p of problems.slice(0, o.maxProblems)) lines.push(`  ${p.severity.padEnd(8)} ${p.ref}: ${p.reason}`);
  }
  lines.push('');
  if (o.dryRun) lines.push('Dry run: nothing was written. Run again without --dry-run to import.');
  else if (r.interrupted) lines.push(`Stopped after ${r.batches} batches (run #${r.runId}): run the same command again to finish.`);
  else lines.push(`Done in ${r.batches} batches (run #${r.runId}). Running it again imports only what is new.`);
  if (r.links.length) {
    lines.push('', 'Set-password links for the staff carried over (shown once; hand each to its owner):');
    for (const l of r.links)
      lines.push(`  ${l.staffId}  ${l.username}  ${l.name}  ${l.url}  (valid until ${new Date(l.expiresAt).toISOString()})`);
  }
  return lines;
}
