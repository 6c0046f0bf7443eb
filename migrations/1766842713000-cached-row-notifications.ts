import { MigrationInterface, QueryRunner } from 'typeorm';

// Every instance keeps the organizations and the topic lists it reads on each ticket, and forgets one when the
// database says it changed: a notification on the channel `cached_rows`, sent by the committing transaction
// (`organizations:<id>`, `topics:<organization id>`, or `<table>:*` for a TRUNCATE).
export class CachedRowNotifications1766842713000 implements MigrationInterface {
  name = 'CachedRowNotifications1766842713000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION notify_cached_row_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_LEVEL = 'STATEMENT' THEN
          PERFORM pg_notify('cached_rows', TG_TABLE_NAME || ':*');
        ELSIF TG_TABLE_NAME = 'organizations' THEN
          PERFORM pg_notify('cached_rows', 'organizations:' || OLD.id);
        ELSE
          PERFORM pg_notify('cached_rows', 'topics:' || (CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END).organization_id);
        END IF;
        RETURN NULL;
      END $$`);
    // An organization is cached only once read, so its insert has nothing to tell.
    await db.query(`CREATE TRIGGER organizations_cached_row AFTER UPDATE OR DELETE ON organizations FOR EACH ROW EXECUTE FUNCTION notify_cached_row_change()`);
    await db.query(`CREATE TRIGGER topics_cached_row AFTER INSERT OR UPDATE OR DELETE ON topics FOR EACH ROW EXECUTE FUNCTION notify_cached_row_change()`);
    for (const table of ['organizations', 'topics']) {
      await db.query(`CREATE TRIGGER ${table}_cached_rows_truncated AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION notify_cached_row_change()`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['organizations', 'topics']) {
      await db.query(`DROP TRIGGER ${table}_cached_row ON ${table}`);
      await db.query(`DROP TRIGGER ${table}_cached_rows_truncated ON ${table}`);
    }
    await db.query(`DROP FUNCTION notify_cached_row_change()`);
  }
}
