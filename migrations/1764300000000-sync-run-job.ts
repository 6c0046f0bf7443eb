import { MigrationInterface, QueryRunner } from 'typeorm';

// A running sync records its pg-boss job, so that a run whose process died can be failed together with the
// job that still blocks the organization's queue (see PostgresSyncRecords.reclaimAbandonedRuns).
export class SyncRunJob1764300000000 implements MigrationInterface {
  name = 'SyncRunJob1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE kb_sync_runs ADD COLUMN job_id uuid`);
    await db.query(`CREATE INDEX kb_sync_runs_running_idx ON kb_sync_runs (id) WHERE status = 'running'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX kb_sync_runs_running_idx`);
    await db.query(`ALTER TABLE kb_sync_runs DROP COLUMN job_id`);
  }
}
