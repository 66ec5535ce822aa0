import { sql, type Kysely, type Migration } from 'kysely';
import type { MigrationContext } from './index';

/**
 * Service levels: categories and priorities, SLA targets on a working calendar, reminders and
 * escalation, the reporter's rating.
 *
 * - `categories`: what a fault is about, with the words that recognise it, its default priority
 *   and the supervisor who hears of a breach (a phone or a group id). The default set is inserted.
 * - `tickets`: `category_id`, `priority` (`rendah`/`normal`/`tinggi`/`darurat`), the due time of each
 *   clock (`due_assign_at`, `due_start_at`, `due_finish_at`; null when there is no target),
 *   `first_started_at`, `sla_paused_at` (the clocks stand while `pending`), `sla_due_at` (the next due
 *   time not yet met: the list sorts and filters on it) and `next_alert_at` (when the reminder job must
 *   look at the ticket next; its index is the job's whole scan, flat however many tickets there are).
 * - `sla_targets`: minutes per category × priority (a row with no category is the default for every
 *   category); working minutes, except `darurat`, which runs on wall-clock time.
 * - `holidays`: days (YYYY-MM-DD in APP_TIMEZONE) the clocks do not count.
 * - `sla_alerts`: one row per ticket, clock and level sent; its unique key is what makes a reminder go
 *   out once however many workers run.
 * - `ratings`: the reporter's 1–5 after the ticket closed, asked once.
 */
export function serviceLevels({ dialect, longText, tableEnd }: MigrationContext): Migration {
  const dropIndex = (db: Kysely<any>, name: string, table: string) =>
    (dialect === 'mysql' ? db.schema.dropIndex(name).on(table) : db.schema.dropIndex(name)).execute();
  return {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('categories')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
        .addColumn('name', 'varchar(100)', (c) => c.notNull())
        .addColumn('keywords', longText, (c) => c.notNull())
        .addColumn('default_priority', 'varchar(16)', (c) => c.notNull().defaultTo('normal'))
        .addColumn('supervisor_target', 'varchar(64)')
        .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .modifyEnd(tableEnd)
        .execute();

      // A named constraint on MySQL, so `down` can drop it; SQLite declares it with the column.
      if (dialect === 'mysql') {
        await db.schema.alterTable('tickets').addColumn('category_id', 'integer').execute();
        await db.schema
          .alterTable('tickets')
          .addForeignKeyConstraint('tickets_category_fk', ['category_id'], 'categories', ['id'])
          .execute();
      } else {
        await db.schema
          .alterTable('tickets')
          .addColumn('category_id', 'integer', (c) => c.references('categories.id'))
          .execute();
      }
      for (const [name, type] of [
        ['due_assign_at', 'bigint'],
        ['due_start_at', 'bigint'],
        ['due_finish_at', 'bigint'],
        ['first_started_at', 'bigint'],
        ['sla_paused_at', 'bigint'],
        ['sla_due_at', 'bigint'],
        ['next_alert_at', 'bigint'],
      ] as const) {
        await db.schema.alterTable('tickets').addColumn(name, type).execute();
      }
      await db.schema
        .alterTable('tickets')
        .addColumn('priority', 'varchar(16)', (c) => c.notNull().defaultTo('normal'))
        .execute();
      await db.schema.createIndex('tickets_next_alert').on('tickets').column('next_alert_at').execute();
      await db.schema.createIndex('tickets_sla_due').on('tickets').columns(['sla_due_at', 'id']).execute();
      await db.schema.createIndex('tickets_category_created').on('tickets').columns(['category_id', 'created_at']).execute();

      await db.schema
        .createTable('sla_targets')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('category_id', 'integer', (c) => c.references('categories.id'))
        .addColumn('priority', 'varchar(16)', (c) => c.notNull())
        .addColumn('assign_minutes', 'integer')
        .addColumn('start_minutes', 'integer')
        .addColumn('finish_minutes', 'integer')
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .modifyEnd(tableEnd)
        .execute();
      await db.schema.createIndex('sla_targets_key').on('sla_targets').columns(['category_id', 'priority']).unique().execute();

      await db.schema
        .createTable('holidays')
        .addColumn('day', 'varchar(10)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(200)', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .modifyEnd(tableEnd)
        .execute();

      await db.schema
        .createTable('sla_alerts')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('ticket_id', 'integer', (c) => c.notNull().references('tickets.id'))
        .addColumn('clock', 'varchar(8)', (c) => c.notNull())
        .addColumn('level', 'varchar(12)', (c) => c.notNull())
        .addColumn('target', 'varchar(64)')
        .addColumn('sent_at', 'bigint', (c) => c.notNull())
        .modifyEnd(tableEnd)
        .execute();
      await db.schema.createIndex('sla_alerts_once').on('sla_alerts').columns(['ticket_id', 'clock', 'level']).unique().execute();

      await db.schema
        .createTable('ratings')
        .addColumn('ticket_id', 'integer', (c) => c.primaryKey().references('tickets.id'))
        .addColumn('chat_id', 'varchar(64)', (c) => c.notNull())
        .addColumn('asked_at', 'bigint', (c) => c.notNull())
        .addColumn('score', 'integer')
        .addColumn('comment', longText)
        .addColumn('rated_at', 'bigint')
        .modifyEnd(tableEnd)
        .execute();
      await db.schema.createIndex('ratings_chat_asked').on('ratings').columns(['chat_id', 'asked_at']).execute();
      await db.schema.createIndex('ratings_rated').on('ratings').column('rated_at').execute();

      const now = Date.now();
      await db
        .insertInto('categories')
        .values(
          DEFAULT_CATEGORIES.map((c, i) => ({
            ...c,
            supervisor_target: null,
            active: 1,
            sort_order: i + 1,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
      await db
        .insertInto('sla_targets')
        .values(
          DEFAULT_TARGETS.map(([priority, a, s, f]) => ({
            category_id: null,
            priority,
            assign_minutes: a,
            start_minutes: s,
            finish_minutes: f,
            updated_at: now,
          })),
        )
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('ratings').execute();
      await db.schema.dropTable('sla_alerts').execute();
      await db.schema.dropTable('holidays').execute();
      await db.schema.dropTable('sla_targets').execute();
      await dropIndex(db, 'tickets_category_created', 'tickets');
      await dropIndex(db, 'tickets_sla_due', 'tickets');
      await dropIndex(db, 'tickets_next_alert', 'tickets');
      if (dialect === 'mysql') await sql`alter table tickets drop foreign key tickets_category_fk`.execute(db);
      for (const c of [
        'priority',
        'next_alert_at',
        'sla_due_at',
        'sla_paused_at',
        'first_started_at',
        'due_finish_at',
        'due_start_at',
        'due_assign_at',
        'category_id',
      ])
        await db.schema.alterTable('tickets').dropColumn(c).execute();
      await db.schema.dropTable('categories').execute();
    },
  };
}

/** The default categories and the words that recognise them (lower case, comma-separated; the classifier normalises). */
const DEFAULT_CATEGORIES = [
  {
    code: 'listrik',
    name: 'Listrik',
    default_priority: 'normal',
    keywords:
      'listrik,lampu,stop kontak,stopkontak,colokan,saklar,mcb,sekring,kabel,korslet,konslet,korsleting,mati lampu,padam,genset,lampu mati',
  },
  {
    code: 'ac',
    name: 'AC/Pendingin',
    default_priority: 'normal',
    keywords: 'ac,a/c,pendingin,air conditioner,freon,kipas,exhaust,dingin,panas',
  },
  {
    code: 'air',
    name: 'Air & Sanitasi',
    default_priority: 'normal',
    keywords: 'air,kran,keran,wastafel,toilet,wc,kloset,closet,urinoir,pipa,saluran,mampet,tersumbat,bocor pipa,pompa,tandon,galon,shower',
  },
  {
    code: 'bangunan',
    name: 'Bangunan & Atap',
    default_priority: 'normal',
    keywords:
      'atap,plafon,plafond,genteng,dinding,tembok,lantai,keramik,pintu,jendela,kaca,kunci,engsel,cat,retak,rembes,talang,tangga,pagar',
  },
  {
    code: 'it',
    name: 'Jaringan & IT',
    default_priority: 'normal',
    keywords:
      'wifi,wi-fi,internet,jaringan,lan,router,proyektor,projector,komputer,pc,laptop,printer,lcd,layar,speaker,mic,mikrofon,sound,hdmi,email,server',
  },
  {
    code: 'kebersihan',
    name: 'Kebersihan',
    default_priority: 'rendah',
    keywords: 'kotor,sampah,bau,bersih,kebersihan,debu,sapu,pel,tikus,kecoa,semut,rayap,nyamuk',
  },
  {
    code: 'keamanan',
    name: 'Keamanan',
    default_priority: 'tinggi',
    keywords: 'keamanan,satpam,maling,pencurian,hilang,cctv,alarm,kebakaran,api,asap,apar,darurat,terkunci',
  },
  { code: 'lainnya', name: 'Lainnya', default_priority: 'normal', keywords: '' },
];

/** [priority, assign, start, finish] in minutes: working minutes, wall-clock for darurat. */
const DEFAULT_TARGETS: Array<[string, number, number, number]> = [
  ['darurat', 15, 60, 240],
  ['tinggi', 60, 240, 960],
  ['normal', 240, 960, 2880],
  ['rendah', 960, 2880, 7200],
];
