import { sql, type Kysely, type Migration } from 'kysely';
import type { MigrationContext } from './index';

/**
 * The admin list, search and statistics on a database of a million tickets: indexes that
 * serve each sort and filter without sorting the table, and a word index for free text
 * (InnoDB FULLTEXT on MySQL, an FTS5 table kept in sync by triggers on SQLite).
 *
 * On MySQL, adding the first FULLTEXT index rebuilds the tickets table once (InnoDB adds its
 * hidden FTS_DOC_ID column): about a minute per million tickets, during which tickets can
 * still be read but not written. Run it in a quiet hour.
 */
export function adminScale({ dialect }: MigrationContext): Migration {
  // MySQL names the table of the index to drop; SQLite refuses the clause.
  const dropIndex = (db: Kysely<any>, name: string, table: string) =>
    (dialect === 'mysql' ? db.schema.dropIndex(name).on(table) : db.schema.dropIndex(name)).execute();
  return {
    async up(db: Kysely<any>) {
      // Replaces tickets_created: (created_at, id) serves the default sort, its id tie-break and
      // the date filters; the columns after them let the statistics read a period from the index
      // alone. The id must come second, or ORDER BY created_at, id would sort the table.
      await db.schema
        .createIndex('tickets_created_cover')
        .on('tickets')
        .columns(['created_at', 'id', 'status', 'first_assigned_at', 'finished_at'])
        .execute();
      await dropIndex(db, 'tickets_created', 'tickets');
      await db.schema.createIndex('tickets_updated').on('tickets').column('updated_at').execute();
      await db.schema.createIndex('tickets_status_updated').on('tickets').columns(['status', 'updated_at']).execute();
      await db.schema.createIndex('tickets_reporter_employee').on('tickets').columns(['reporter_employee_id', 'created_at']).execute();

      // The technicians of a ticket (per page, and the statistics' join) from the index alone.
      // Created before the old one is dropped: InnoDB needs an index for the ticket_id foreign key.
      await db.schema.createIndex('assignments_ticket_staff').on('assignments').columns(['ticket_id', 'status', 'staff_id']).execute();
      await dropIndex(db, 'assignments_ticket', 'assignments');
      // The assignee filter: a technician's active tickets as ids, without reading assignment rows.
      await db.schema.createIndex('assignments_staff_ticket').on('assignments').columns(['staff_id', 'status', 'ticket_id']).execute();

      if (dialect === 'mysql') {
        await sql`create fulltext index tickets_text on tickets (complaint, reporter_name)`.execute(db);
      } else {
        await createSqliteFts(db);
      }
    },
    async down(db: Kysely<any>) {
      if (dialect === 'mysql') {
        await dropIndex(db, 'tickets_text', 'tickets');
      } else {
        for (const t of ['tickets_fts_insert', 'tickets_fts_delete', 'tickets_fts_update'])
          await sql`drop trigger ${sql.ref(t)}`.execute(db);
        await sql`drop table tickets_fts`.execute(db);
      }
      await dropIndex(db, 'assignments_staff_ticket', 'assignments');
      await db.schema.createIndex('assignments_ticket').on('assignments').columns(['ticket_id', 'status']).execute();
      await dropIndex(db, 'assignments_ticket_staff', 'assignments');
      await dropIndex(db, 'tickets_reporter_employee', 'tickets');
      await dropIndex(db, 'tickets_status_updated', 'tickets');
      await dropIndex(db, 'tickets_updated', 'tickets');
      await db.schema.createIndex('tickets_created').on('tickets').column('created_at').execute();
      await dropIndex(db, 'tickets_created_cover', 'tickets');
    },
  };
}

/**
 * An external-content FTS5 table over the tickets' complaint and reporter name: it stores only
 * the word index and reads the text from `tickets`. The triggers keep it in step with every
 * write, whoever makes it; `rebuild` indexes the tickets already there.
 */
async function createSqliteFts(db: Kysely<any>): Promise<void> {
  await sql`create virtual table tickets_fts using fts5(
    complaint, reporter_name, content='tickets', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
  )`.execute(db);
  await sql`create trigger tickets_fts_insert after insert on tickets begin
    insert into tickets_fts(rowid, complaint, reporter_name) values (new.id, new.complaint, new.reporter_name);
  end`.execute(db);
  await sql`create trigger tickets_fts_delete after delete on tickets begin
    insert into tickets_fts(tickets_fts, rowid, complaint, reporter_name) values ('delete', old.id, old.complaint, old.reporter_name);
  end`.execute(db);
  await sql`create trigger tickets_fts_update after update of complaint, reporter_name on tickets begin
    insert into tickets_fts(tickets_fts, rowid, complaint, reporter_name) values ('delete', old.id, old.complaint, old.reporter_name);
    insert into tickets_fts(rowid, complaint, reporter_name) values (new.id, new.complaint, new.reporter_name);
  end`.execute(db);
  await sql`insert into tickets_fts(tickets_fts) values ('rebuild')`.execute(db);
}
