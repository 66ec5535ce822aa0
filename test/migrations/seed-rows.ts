// Representative rows of every table a wa-ticketing database has had, written against whatever
// columns the schema has at the version being tested: a column a version lacks is left out.

const T0 = Date.UTC(2024, 8, 16, 3, 0, 0); // 2024-09-16 10:00 WIB
const T1 = T0 + 26 * 60_000;
const T2 = T1 + 33 * 60_000;
const T3 = T2 + 5 * 60_000;

export const SEED_PASSWORD = 'upgrade admin password';
export const TRACKING_NO = 'BRT2409901';
export const COMPLAINT = 'Proyektor ruang 4.1 tidak menyala sejak pagi';

export interface SeedTable {
  table: string;
  /** The primary key column, to read each row back. */
  key: string;
  rows: Array<Record<string, unknown>>;
}

/** In insertion order (foreign keys point backwards). `passwordHash` is a real argon2id hash of SEED_PASSWORD. */
export function seedTables(passwordHash: string): SeedTable[] {
  return [
    {
      table: 'employees',
      key: 'id',
      rows: [
        { id: 'PGW901', name: 'Rina Upgrade', email: 'rina@kampus.ac.id', phone: '6281299990001', department: 'Teknik', unit: 'Lab Komputer', status: 'active', notes: 'pindahan sistem lama', created_at: T0, updated_at: T0 },
        { id: 'PGW902', name: 'Bambang Nonaktif', email: null, phone: '6281299990009', department: null, unit: null, status: 'inactive', notes: null, created_at: T0, updated_at: T1 },
      ],
    },
    {
      table: 'staff',
      key: 'id',
      rows: [
        { id: 'ADM901', name: 'Admin Upgrade', level: 'Administrator', description: 'kepala bagian', email: 'admin@kampus.ac.id', phone: '6281299990002', username: 'upgrade-admin', password_hash: passwordHash, status: 'active', notes: null, created_at: T0, updated_at: T0, token_version: 3, last_login_at: T1 },
        { id: 'ADM902', name: 'Teknisi Upgrade', level: 'TBO', description: null, email: null, phone: '6281299990003', username: 'upgrade-tech', password_hash: null, status: 'active', notes: 'listrik', created_at: T0, updated_at: T0, token_version: 0, last_login_at: null },
      ],
    },
    {
      table: 'tickets',
      key: 'id',
      rows: [
        {
          id: 901, tracking_no: TRACKING_NO, status: 'proses', complaint: COMPLAINT, reporter_employee_id: 'PGW901', reporter_phone: '6281299990001',
          reporter_name: 'Rina Upgrade', reporter_unit: 'Teknik / Lab Komputer', chat_id: '6281299990001', source_message_id: 901,
          created_at: T1, updated_at: T2, finished_at: null, closed_at: null, first_assigned_at: T2,
        },
        {
          id: 902, tracking_no: 'BRT2409902', status: 'ditutup', complaint: 'Keran wc lantai 2 bocor 💧', reporter_employee_id: null, reporter_phone: '6289900000001',
          reporter_name: 'Nomor Tak Dikenal', reporter_unit: null, chat_id: '120363000000000001@g.us', source_message_id: null,
          created_at: T1 + 1000, updated_at: T3, finished_at: T3 - 1000, closed_at: T3, first_assigned_at: null,
        },
      ],
    },
    {
      table: 'ticket_events',
      key: 'id',
      rows: [
        { id: 9001, ticket_id: 901, kind: 'created', status_from: null, status_to: 'baru', note: COMPLAINT, actor_kind: 'reporter', actor_id: 'PGW901', actor_name: 'Rina Upgrade', created_at: T1 },
        { id: 9002, ticket_id: 901, kind: 'assigned', status_from: 'baru', status_to: 'proses', note: 'Ditangani Teknisi Upgrade', actor_kind: 'staff', actor_id: 'ADM901', actor_name: 'Admin Upgrade', created_at: T2 },
        { id: 9003, ticket_id: 902, kind: 'closed', status_from: 'selesai', status_to: 'ditutup', note: 'ditutup otomatis', actor_kind: 'system', actor_id: null, actor_name: null, created_at: T3 },
      ],
    },
    { table: 'ticket_sequences', key: 'period', rows: [{ period: 'BRT2409', last_value: 902 }] },
    {
      table: 'inbound_messages',
      key: 'id',
      rows: [
        {
          id: 901, dedupe_key: 'inbox:upgrade-901', device: '6281100000000', chat_id: '6281299990001', sender_phone: '6281299990001', sender_name: 'Rina',
          is_group: 0, body: `#request ${COMPLAINT}`, message_type: 'text', media_url: 'https://files.fonnte.com/upgrade/901.jpg', media_filename: '901.jpg', media_extension: 'jpg',
          raw_payload: JSON.stringify({ sender: '6281299990001', message: `#request ${COMPLAINT}` }), status: 'processed', command: 'request', ticket_id: 901,
          error: null, sent_at: T1 - 2000, received_at: T1, processed_at: T1 + 40,
        },
        {
          id: 902, dedupe_key: 'sha256:upgrade-902', device: '6281100000000', chat_id: '120363000000000001@g.us', sender_phone: '6289900000001', sender_name: null,
          is_group: 1, body: 'obrolan grup biasa', message_type: 'text', media_url: null, media_filename: null, media_extension: null,
          raw_payload: '{}', status: 'ignored', command: null, ticket_id: null, error: 'group chatter', sent_at: null, received_at: T1 + 500, processed_at: T1 + 520,
        },
      ],
    },
    {
      table: 'outbound_messages',
      key: 'id',
      rows: [
        {
          id: 901, target: '6281299990001', body: `Laporan diterima dengan nomor ${TRACKING_NO}`, kind: 'reply', ticket_id: 901, inbound_message_id: 901, status: 'sent',
          attempts: 1, due_at: null, claim_token: null, last_error: null, provider_id: '80000901', delivery_state: 'read', created_at: T1 + 40, updated_at: T1 + 900,
          sent_at: T1 + 300, delivery_updated_at: T1 + 900, provider_state_id: 'state-901',
        },
        {
          id: 902, target: '6281299990003', body: 'Tugas baru untuk Anda', kind: 'notification', ticket_id: 901, inbound_message_id: null, status: 'dead',
          attempts: 10, due_at: null, claim_token: null, last_error: 'target invalid', provider_id: null, delivery_state: null, created_at: T2, updated_at: T2 + 5000,
          sent_at: null, delivery_updated_at: null, provider_state_id: null,
        },
      ],
    },
    {
      table: 'assignments',
      key: 'id',
      rows: [
        { id: 901, ticket_id: 901, staff_id: 'ADM902', note: 'bawa tangga', status: 'active', assigned_by: 'ADM901', assigned_at: T2, started_at: T2 + 60_000, finished_at: null, withdrawn_at: null, withdrawn_by: null },
      ],
    },
    {
      table: 'audit_log',
      key: 'id',
      rows: [
        { id: 901, actor_id: 'ADM901', actor_name: 'Admin Upgrade', action: 'ticket.assign', entity: 'ticket', entity_id: TRACKING_NO, before_json: '{"status":"baru"}', after_json: '{"status":"proses"}', request_id: 'req-901', ip: '10.0.0.1', created_at: T2 },
      ],
    },
    {
      table: 'media',
      key: 'id',
      rows: [
        {
          id: 901, ticket_id: 901, ticket_event_id: null, inbound_message_id: 901, source_url: 'https://files.fonnte.com/upgrade/901.jpg', original_filename: '901.jpg',
          status: 'failed', attempts: 3, due_at: null, claim_token: null, content_type: 'image/jpeg', size_bytes: null, sha256: null, storage_path: null, error: 'http_404',
          created_at: T1 + 40, updated_at: T1 + 90_000,
        },
      ],
    },
    { table: 'gateway_devices', key: 'device', rows: [{ device: '6281100000000', status: 'connect', reason: null, reported_at: T0, updated_at: T0 }] },
  ];
}

/** Compares as the drivers may return them: numbers as numbers or strings (BIGINT), null as null. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  return String(a) === String(b);
}
