import type { Generated } from 'kysely';
import type { AccountTables } from './tables/accounts';
import type { FollowerTables } from './tables/followers';
import type { LegacyTables } from './tables/legacy';
import type { RetentionTables } from './tables/retention';
import type { StatsSummaryTables } from './tables/stats-summary';
import type { IdBlockTables } from './tables/id-blocks';

/**
 * Times are UTC epoch milliseconds (BIGINT): portable across MySQL and SQLite,
 * and immune to the server's time zone (the old system slipped five hours).
 * Booleans are 0/1 integers for the same reason.
 */
type EpochMs = number;

export interface EmployeesTable {
  id: string;
  name: string;
  email: string | null;
  phone: string;
  department: string | null;
  unit: string | null;
  status: 'active' | 'inactive';
  notes: string | null;
  created_at: EpochMs;
  updated_at: EpochMs;
}

export type StaffLevel = 'Administrator' | 'Staf' | 'TBO';

export interface StaffTable {
  id: string;
  name: string;
  level: StaffLevel;
  description: string | null;
  email: string | null;
  phone: string | null;
  username: string;
  password_hash: string | null;
  status: 'active' | 'inactive';
  notes: string | null;
  /** Bumped on logout, password change and deactivation: every older token stops working. */
  token_version: Generated<number>;
  last_login_at: EpochMs | null;
  created_at: EpochMs;
  updated_at: EpochMs;
}

export type TicketStatus = 'baru' | 'proses' | 'pending' | 'selesai' | 'ditutup';

export interface TicketsTable {
  id: Generated<number>;
  tracking_no: string;
  status: TicketStatus;
  complaint: string;
  reporter_employee_id: string | null;
  reporter_phone: string;
  reporter_name: string;
  reporter_unit: string | null;
  /** Where replies about this ticket go: the reporter's number or the group id. */
  chat_id: string;
  source_message_id: number | null;
  created_at: EpochMs;
  updated_at: EpochMs;
  finished_at: EpochMs | null;
  closed_at: EpochMs | null;
  first_assigned_at: Generated<EpochMs | null>;
  channel: Generated<TicketChannel>;
  category_id: Generated<number | null>;
  priority: Generated<TicketPriority>;
  /** When each SLA clock is due (migration 0009); null without a target. Shifted by the time spent `pending`. */
  due_assign_at: Generated<EpochMs | null>;
  due_start_at: Generated<EpochMs | null>;
  due_finish_at: Generated<EpochMs | null>;
  first_started_at: Generated<EpochMs | null>;
  /** Since when the clocks stand (`pending`); null while they run. */
  sla_paused_at: Generated<EpochMs | null>;
  /** The next due time not yet met, for sorting and filtering; null when none runs. */
  sla_due_at: Generated<EpochMs | null>;
  /** When the reminder job must look at the ticket next; null when nothing is left to send. */
  next_alert_at: Generated<EpochMs | null>;
  /** Where the fault is (migration 0010); null when nobody said or recognised it. */
  place_id: Generated<number | null>;
}

export type PlaceKind = 'building' | 'floor' | 'room';

/** Buildings, floors and rooms in one tree. */
interface PlacesTable {
  id: Generated<number>;
  kind: PlaceKind;
  /** What people and QR codes write: `R-3.2`. */
  code: string;
  name: string;
  parent_id: number | null;
  /** Other ways people name it, one per line. */
  aliases: string;
  active: number;
  created_at: EpochMs;
  updated_at: EpochMs;
}

/** A place × category that crossed the repeat-fault threshold: the desk hears it once. */
interface PlaceFaultFlagsTable {
  id: Generated<number>;
  place_id: number;
  category_id: number;
  flagged_at: EpochMs;
  fault_count: number;
}

export type TicketPriority = 'rendah' | 'normal' | 'tinggi' | 'darurat';

interface CategoriesTable {
  id: Generated<number>;
  code: string;
  name: string;
  /** Comma-separated words and phrases that recognise the category in a complaint. */
  keywords: string;
  default_priority: TicketPriority;
  /** Told of a breach: a phone (62…) or a group id. */
  supervisor_target: string | null;
  active: number;
  sort_order: number;
  created_at: EpochMs;
  updated_at: EpochMs;
}

/** Minutes per category × priority; a row without a category is the default. Working minutes, wall-clock for `darurat`. */
interface SlaTargetsTable {
  id: Generated<number>;
  category_id: number | null;
  priority: TicketPriority;
  assign_minutes: number | null;
  start_minutes: number | null;
  finish_minutes: number | null;
  updated_at: EpochMs;
}

interface HolidaysTable {
  /** YYYY-MM-DD in APP_TIMEZONE. */
  day: string;
  name: string;
  created_at: EpochMs;
}

export type SlaClock = 'assign' | 'start' | 'finish';
export type SlaAlertLevel = 'reminder' | 'breach' | 'escalation';

/** One row per ticket, clock and level sent: its unique key makes each go out once. */
interface SlaAlertsTable {
  id: Generated<number>;
  ticket_id: number;
  clock: SlaClock;
  level: SlaAlertLevel;
  target: string | null;
  sent_at: EpochMs;
}

interface RatingsTable {
  ticket_id: number;
  /** Where the question went and the answer is expected from. */
  chat_id: string;
  asked_at: EpochMs;
  score: number | null;
  comment: string | null;
  rated_at: EpochMs | null;
}

/** How a report reached the desk: by WhatsApp, or by phone, in person or by letter/e-mail, typed in by the desk. */
export type TicketChannel = 'whatsapp' | 'telepon' | 'datang_langsung' | 'surat_email';

type AssignmentStatus = 'active' | 'withdrawn';

/** A technician put on a ticket (the book's tb_penugasan). Several may share one ticket. */
export interface AssignmentsTable {
  id: Generated<number>;
  ticket_id: number;
  staff_id: string;
  note: string | null;
  status: AssignmentStatus;
  assigned_by: string | null;
  assigned_at: EpochMs;
  started_at: EpochMs | null;
  finished_at: EpochMs | null;
  withdrawn_at: EpochMs | null;
  withdrawn_by: string | null;
}

interface AuditLogTable {
  id: Generated<number>;
  actor_id: string | null;
  actor_name: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before_json: string | null;
  after_json: string | null;
  request_id: string | null;
  ip: string | null;
  created_at: EpochMs;
}

export interface TicketEventsTable {
  id: Generated<number>;
  ticket_id: number;
  kind: string;
  status_from: TicketStatus | null;
  status_to: TicketStatus | null;
  note: string;
  actor_kind: 'reporter' | 'staff' | 'system';
  actor_id: string | null;
  actor_name: string | null;
  created_at: EpochMs;
}

interface TicketSequencesTable {
  /** prefix + YYMM, e.g. BRT2409 */
  period: string;
  last_value: number;
}

export type InboundStatus = 'pending' | 'processed' | 'ignored' | 'failed';

export interface InboundMessagesTable {
  id: Generated<number>;
  dedupe_key: string;
  device: string | null;
  chat_id: string;
  sender_phone: string;
  sender_name: string | null;
  is_group: number;
  body: string;
  message_type: string | null;
  media_url: string | null;
  media_filename: string | null;
  media_extension: string | null;
  raw_payload: string;
  status: InboundStatus;
  command: string | null;
  ticket_id: number | null;
  error: string | null;
  sent_at: EpochMs | null;
  received_at: EpochMs;
  processed_at: EpochMs | null;
  /** The draft this plain message joined (migration 0008). */
  draft_id: Generated<number | null>;
}

export type OutboundStatus = 'queued' | 'sending' | 'retry' | 'sent' | 'dead' | 'dry_run';

interface OutboundMessagesTable {
  id: Generated<number>;
  target: string;
  body: string;
  kind: string;
  ticket_id: number | null;
  inbound_message_id: number | null;
  status: OutboundStatus;
  attempts: number;
  /** When a worker may take it next; NULL once it is final. One index on it serves the claim query. */
  due_at: EpochMs | null;
  claim_token: string | null;
  last_error: string | null;
  provider_id: string | null;
  delivery_state: string | null;
  delivery_updated_at: EpochMs | null;
  /** Fonnte's `stateid`, learnt from the first status callback that carries both ids. */
  provider_state_id: Generated<string | null>;
  /** The staff member who wrote it by hand (a desk reply); null for what the service wrote. */
  staff_id: Generated<string | null>;
  created_at: EpochMs;
  updated_at: EpochMs;
  sent_at: EpochMs | null;
}

export type MediaStatus = 'pending' | 'downloading' | 'stored' | 'failed';

/** A photo or document sent with a message, downloaded from Fonnte's short-lived URL. */
interface MediaTable {
  id: Generated<number>;
  ticket_id: number;
  /** Set for a technician's proof attached to a progress entry; null for the reporter's photo. */
  ticket_event_id: number | null;
  inbound_message_id: number | null;
  source_url: string;
  original_filename: string | null;
  status: MediaStatus;
  attempts: number;
  due_at: EpochMs | null;
  claim_token: string | null;
  content_type: string | null;
  size_bytes: number | null;
  sha256: string | null;
  /** Relative to MEDIA_DIR. */
  storage_path: string | null;
  error: string | null;
  created_at: EpochMs;
  updated_at: EpochMs;
}

interface GatewayDevicesTable {
  device: string;
  status: 'connect' | 'disconnect';
  reason: string | null;
  reported_at: EpochMs | null;
  updated_at: EpochMs;
}

/** rate-limiter-flexible's counters for the login limiter (its column names). */
interface LoginLimitsTable {
  /** `<limiter prefix>:<ip or username>` */
  key: string;
  points: number;
  /** When the counter or block ends; rows long past it are deleted. */
  expire: EpochMs | null;
}

/**
 * One row per chat that has ever needed a person (see migration 0007): the desk's inbox.
 * Written only for messages no command handled.
 */
interface ConversationsTable {
  chat_id: string;
  /** The sender's phone for a private chat; null for a group. */
  phone: string | null;
  name: string | null;
  is_group: number;
  last_message_at: EpochMs;
  last_preview: string;
  /** When the oldest message nobody acted on arrived; null when nothing waits. */
  waiting_since: EpochMs | null;
  /** Waiting messages the desk has not opened yet. */
  unread: number;
  handled_at: EpochMs | null;
  handled_by: string | null;
  created_at: EpochMs;
  updated_at: EpochMs;
}

/** `gathering` and `awaiting` are open; the rest are final. */
export type DraftStatus = 'gathering' | 'awaiting' | 'filed' | 'cancelled' | 'left';

/** A plain-language complaint being gathered, then waiting for the reporter's YA (migration 0008). */
export interface DraftsTable {
  id: Generated<number>;
  chat_id: string;
  /** The chat id while the draft is open, null once closed: unique, so a chat has one open draft. */
  open_chat_id: string | null;
  phone: string;
  name: string | null;
  status: DraftStatus;
  text: string;
  photos: number;
  first_message_id: number | null;
  /** The first message of the burst being gathered: the prompt comes at most DRAFT_GATHER_MAX_SECONDS after it. */
  burst_started_at: EpochMs;
  last_message_at: EpochMs;
  /** When the job must look at it next (the prompt, or leaving it for the desk); null once closed. */
  due_at: EpochMs | null;
  /** Prompts sent so far. */
  prompts: number;
  ticket_id: number | null;
  created_at: EpochMs;
  updated_at: EpochMs;
}

/** The tables of later features live in db/tables/, one file each, joined here. */
export interface Database extends FollowerTables, AccountTables, LegacyTables, RetentionTables, StatsSummaryTables, IdBlockTables {
  employees: EmployeesTable;
  staff: StaffTable;
  tickets: TicketsTable;
  ticket_events: TicketEventsTable;
  ticket_sequences: TicketSequencesTable;
  inbound_messages: InboundMessagesTable;
  outbound_messages: OutboundMessagesTable;
  assignments: AssignmentsTable;
  audit_log: AuditLogTable;
  media: MediaTable;
  gateway_devices: GatewayDevicesTable;
  login_limits: LoginLimitsTable;
  conversations: ConversationsTable;
  drafts: DraftsTable;
  categories: CategoriesTable;
  sla_targets: SlaTargetsTable;
  holidays: HolidaysTable;
  sla_alerts: SlaAlertsTable;
  ratings: RatingsTable;
  places: PlacesTable;
  place_fault_flags: PlaceFaultFlagsTable;
}
