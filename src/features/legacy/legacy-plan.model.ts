import type { EmployeesTable, StaffTable, TicketStatus } from '../../db/database';

/** What the importer carries, each counted on its own. `message` (tb_in) is read and counted, never written. */
export type LegacyEntity = 'employee' | 'staff' | 'ticket' | 'history' | 'assignment' | 'work' | 'message';
export const legacyEntities: readonly LegacyEntity[] = ['employee', 'staff', 'ticket', 'history', 'assignment', 'work', 'message'];

/** `skipped`: the row is not carried over; `repaired`: carried over with a correction or a caveat. */
interface LegacyProblem {
  ref: string;
  severity: 'skipped' | 'repaired';
  reason: string;
}

export interface EntityCounts {
  /** Rows read from the old database. */
  read: number;
  /** Written by this run (or, in a dry run, that would be). */
  create: number;
  /** Carried over by an earlier run, or matched to a row the new database already had. */
  existing: number;
  skipped: number;
  /** Carried over with a correction: counted in `create` as well. */
  repaired: number;
}

/** A legacy key → the new row's id, written in the same transaction as the row. */
export interface LegacyKey {
  /** `track` is a history row of tb_track; the rest as the entities. */
  entity: 'employee' | 'staff' | 'ticket' | 'track' | 'assignment' | 'work';
  key: string;
  newId: string;
}

/** An employee row as the directory stores it, less the times the write sets. */
export type PlannedEmployee = Omit<EmployeesTable, 'created_at' | 'updated_at'>;

/** A staff row without password, sign-in or times: those are the write's (and the set-password link's). */
export type PlannedStaff = Omit<StaffTable, 'password_hash' | 'token_version' | 'last_login_at' | 'created_at' | 'updated_at'>;

export interface PlannedEvent {
  kind: string;
  note: string;
  actorKind: 'reporter' | 'staff' | 'system';
  actorId: string | null;
  actorName: string | null;
  at: number;
}

interface PlannedAssignment {
  staffId: string;
  note: string | null;
  assignedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

interface PlannedTicketRow {
  trackingNo: string;
  status: TicketStatus;
  complaint: string;
  reporterEmployeeId: string | null;
  reporterPhone: string;
  reporterName: string;
  reporterUnit: string | null;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
  closedAt: number | null;
  firstAssignedAt: number | null;
  firstStartedAt: number | null;
}

/**
 * One old report: a new ticket (`row`) with its history and assignments, or only the history rows an
 * already imported ticket (`ticketId`) did not have yet. `keys` hold every legacy key it writes; the ticket's own
 * key is `ticket` → the new id, filled in once inserted.
 */
export interface PlannedTicket {
  legacyKey: string;
  row?: PlannedTicketRow;
  ticketId?: number;
  events: PlannedEvent[];
  assignments: (PlannedAssignment & { legacyKey: string })[];
  childKeys: Omit<LegacyKey, 'newId'>[];
}

export interface LegacyPlan {
  employees: PlannedEmployee[];
  staff: PlannedStaff[];
  /** Keys of old people matched to rows that exist already (same id and phone, or the same phone). */
  linkedPeople: LegacyKey[];
  tickets: PlannedTicket[];
  counts: Record<LegacyEntity, EntityCounts>;
  problems: LegacyProblem[];
  /** Hours between `jam` and the timestamp the old code appended to each report → how many reports show it. */
  stampSlips: Map<number, number>;
}

/** What the new database already holds that the plan depends on. */
export interface TargetState {
  /** `entity:legacy_key` → new id */
  keys: Map<string, string>;
  employeeById: Map<string, string>;
  employeeByPhone: Map<string, string>;
  staffById: Map<string, { phone: string | null; username: string }>;
  staffByPhone: Map<string, string>;
  usernames: Set<string>;
  staffNames: Map<string, string>;
  /** Tracking numbers (among the old ones) already used by tickets the importer did not write. */
  takenTrackingNos: Set<string>;
}
