import type { Db } from '../../db/create-db';
import { inTransaction } from '../../db/transaction';
import { auditEntry } from '../audit/audit-context';
import { recordAudit } from '../audit/audit.repository';
import { createSetPasswordLink } from '../auth/set-password-link.service';
import {
  finishRun,
  insertEmployees,
  insertKeys,
  insertStaff,
  insertTickets,
  readTargetState,
  staffAwaitingLinks,
  startRun,
} from './legacy-import.repository';
import { raiseSequenceTo } from '../tickets/ticket-sequence.repository';
import { planLegacyImport } from './legacy-plan';
import type { LegacyPlan, PlannedTicket } from './legacy-plan.model';
import type { LegacySnapshot } from './legacy-schema';
import type { LegacyClock } from './legacy-time';
import { splitTrackingNo } from './legacy-tickets.plan';

export interface LegacyImportOptions {
  clock: LegacyClock;
  dryRun: boolean;
  /** Old reports per transaction. */
  batchSize: number;
  /** Stops after this many committed batches, as a crash would (the rerun resumes); for tests and cautious operators. */
  stopAfterBatches?: number;
  now: () => number;
  links: { ttlMs: number; publicUrl: string };
}

interface IssuedLink {
  staffId: string;
  name: string;
  username: string;
  url: string;
  expiresAt: number;
}

export interface LegacyImportResult {
  plan: LegacyPlan;
  /** The run's row in legacy_runs; none for a dry run. */
  runId?: number;
  batches: number;
  /** Stopped by stopAfterBatches before the end: run again to finish. */
  interrupted: boolean;
  links: IssuedLink[];
}

/**
 * Carries the old system's rows into this database. The plan is made first from what the new database holds;
 * a dry run stops there. A real run writes the people in one transaction, then the reports `batchSize` at a time,
 * each batch with its legacy keys and the month counters it raises in the same transaction, so a run killed
 * anywhere leaves whole batches behind and the next run plans only what is missing. Nothing is sent to anyone.
 */
export async function importLegacy(db: Db, src: LegacySnapshot, source: string, o: LegacyImportOptions): Promise<LegacyImportResult> {
  const numbers = src.tb_monitoring.flatMap((r) => splitTrackingNo(r.values.id_track)?.no ?? []);
  const target = await readTargetState(db.kysely, numbers);
  const plan = planLegacyImport(src, target, o.clock);
  if (o.dryRun) return { plan, batches: 0, interrupted: false, links: [] };

  const runId = await startRun(db.kysely, source, { clock: o.clock, batchSize: o.batchSize }, o.now());
  let batches = 0;
  const stopNow = () => o.stopAfterBatches !== undefined && batches >= o.stopAfterBatches;

  await inTransaction(db, async (trx) => {
    const now = o.now();
    await insertEmployees(trx, plan.employees, now);
    await insertStaff(trx, plan.staff, now);
    await insertKeys(
      trx,
      [
        ...plan.employees.map((e) => ({ entity: 'employee' as const, key: e.id, newId: e.id })),
        ...plan.staff.map((s) => ({ entity: 'staff' as const, key: s.id, newId: s.id })),
        ...plan.linkedPeople,
      ],
      runId,
      now,
    );
  });
  batches++;

  for (let i = 0; i < plan.tickets.length; i += o.batchSize) {
    if (stopNow()) return { plan, runId, batches, interrupted: true, links: [] };
    const batch = plan.tickets.slice(i, i + o.batchSize);
    await inTransaction(db, async (trx) => {
      const keys = await insertTickets(trx, batch);
      await insertKeys(trx, keys, runId, o.now());
      for (const [period, value] of highestNumbers(batch)) await raiseSequenceTo(trx, period, value);
    });
    batches++;
  }

  const links = await inTransaction(db, async (trx) => {
    const now = o.now();
    const issued: IssuedLink[] = [];
    for (const s of await staffAwaitingLinks(trx, now)) {
      const link = await createSetPasswordLink(trx, {
        staffId: s.id,
        createdBy: null,
        now,
        ttlMs: o.links.ttlMs,
        publicUrl: o.links.publicUrl,
      });
      issued.push({ staffId: s.id, name: s.name, username: s.username, ...link });
    }
    // The counts only: the audit entry of an import holds no names or numbers.
    await recordAudit(
      trx,
      auditEntry(
        { actor: null, now, requestId: null, ip: null },
        {
          action: 'legacy.import',
          entity: 'legacy_run',
          entityId: String(runId),
          before: undefined,
          after: { counts: plan.counts, links: issued.length },
        },
      ),
    );
    await finishRun(trx, runId, plan.counts, now);
    return issued;
  });
  return { plan, runId, batches, interrupted: false, links };
}

/** The highest number of each month among the batch's new tickets. */
function highestNumbers(batch: readonly PlannedTicket[]): Map<string, number> {
  const highest = new Map<string, number>();
  for (const t of batch) {
    const no = t.row && splitTrackingNo(t.row.trackingNo);
    if (!no) continue;
    const period = `${no.prefix}${no.yymm}`;
    highest.set(period, Math.max(highest.get(period) ?? 0, no.seq));
  }
  return highest;
}
