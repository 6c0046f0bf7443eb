import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SyncRecords } from '../application/ports/sync-records';
import { JobQueue, QueueDefinition } from '../../../shared/queue/job-queue';
import { emptyCounts, SyncCounts, SyncProblem, SyncRun, SyncState, SyncStatus, SyncTrigger } from '../domain/sync-run';

export const HELP_CENTER_SYNC_QUEUE: QueueDefinition = { name: 'help-center-sync', policy: 'stately' };

export interface HelpCenterSyncJob {
  runId: string;
  organizationId: string;
  trigger: SyncTrigger;
}

@Injectable()
export class PostgresSyncRecords extends SyncRecords {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: JobQueue,
  ) {
    super();
  }

  // pg-boss's 'stately' policy keeps one waiting and one running sync per organization across every instance.
  // A run row exists only for a job the queue accepted; the worker may create it first (see startRun).
  async queueRun(organizationId: string, trigger: SyncTrigger): Promise<SyncRun> {
    for (let attempt = 0; ; attempt++) {
      const id = randomUUID();
      if (await this.queue.sendSingleton<HelpCenterSyncJob>(HELP_CENTER_SYNC_QUEUE, { runId: id, organizationId, trigger }, organizationId)) {
        await this.db.query(
          `INSERT INTO kb_sync_runs (id, organization_id, trigger, status) VALUES ($1, $2, $3, 'queued') ON CONFLICT (id) DO NOTHING`,
          [id, organizationId, trigger],
        );
        return (await this.findRun(organizationId, id))!;
      }
      const waiting = await this.findQueuedRun(organizationId);
      if (waiting) return waiting;
      // The waiting job's row is being written, or it just started: look again, or queue behind it.
      if (attempt >= 20) throw new Error(`Could not queue a help-center sync for ${organizationId}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async findRun(organizationId: string, id: string): Promise<SyncRun | null> {
    const [row]: RunRow[] = await this.db.query(`SELECT * FROM kb_sync_runs WHERE organization_id = $1 AND id = $2`, [organizationId, id]);
    return row ? toRun(row) : null;
  }

  private async findQueuedRun(organizationId: string): Promise<SyncRun | null> {
    const [row]: RunRow[] = await this.db.query(
      `SELECT * FROM kb_sync_runs WHERE organization_id = $1 AND status = 'queued' ORDER BY queued_at DESC LIMIT 1`,
      [organizationId],
    );
    return row ? toRun(row) : null;
  }

  async listRuns(organizationId: string, limit: number): Promise<SyncRun[]> {
    const rows: RunRow[] = await this.db.query(
      `SELECT * FROM kb_sync_runs WHERE organization_id = $1 ORDER BY queued_at DESC LIMIT $2`,
      [organizationId, limit],
    );
    return rows.map(toRun);
  }

  async startRun(job: { runId: string; organizationId: string; trigger: SyncTrigger }): Promise<SyncRun> {
    const [row]: RunRow[] = await this.db.query(
      `INSERT INTO kb_sync_runs (id, organization_id, trigger, status, started_at) VALUES ($1, $2, $3, 'running', now())
       ON CONFLICT (id) DO UPDATE SET status = 'running', started_at = now()
       RETURNING *`,
      [job.runId, job.organizationId, job.trigger],
    );
    return toRun(row);
  }

  async recordProgress(id: string, mode: string, counts: SyncCounts): Promise<void> {
    await this.db.query(`UPDATE kb_sync_runs SET mode = $2, counts = $3 WHERE id = $1`, [id, mode, JSON.stringify(counts)]);
  }

  async finishRun(id: string, status: Extract<SyncStatus, 'succeeded' | 'failed'>, counts: SyncCounts, problems: SyncProblem[], error: string | null) {
    await this.db.query(
      `UPDATE kb_sync_runs SET status = $2, counts = $3, problems = $4, error = $5, finished_at = now() WHERE id = $1`,
      [id, status, JSON.stringify(counts), JSON.stringify(problems), error],
    );
  }

  async getState(organizationId: string, brandId: string): Promise<SyncState | null> {
    const [row]: StateRow[] = await this.db.query(
      `SELECT * FROM kb_sync_state WHERE organization_id = $1 AND brand_id = $2`,
      [organizationId, brandId],
    );
    return row
      ? {
          incrementalCursor: row.incremental_cursor === null ? null : Number(row.incremental_cursor),
          fullPass: row.full_pass,
          lastFullPassAt: row.last_full_pass_at,
        }
      : null;
  }

  async saveState(organizationId: string, brandId: string, state: SyncState): Promise<void> {
    await this.db.query(
      `INSERT INTO kb_sync_state (organization_id, brand_id, incremental_cursor, full_pass, last_full_pass_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (organization_id, brand_id) DO UPDATE
         SET incremental_cursor = EXCLUDED.incremental_cursor, full_pass = EXCLUDED.full_pass, last_full_pass_at = EXCLUDED.last_full_pass_at`,
      [organizationId, brandId, state.incrementalCursor, state.fullPass && JSON.stringify(state.fullPass), state.lastFullPassAt],
    );
  }

  async organizationsDueForSync(): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT o.id FROM organizations o
        WHERE NOT EXISTS (
          SELECT 1 FROM kb_sync_runs r
           WHERE r.organization_id = o.id AND r.queued_at > now() - make_interval(mins => o.help_center_sync_minutes))`,
    );
    return rows.map((row) => row.id);
  }

  async removeArticle(organizationId: string, brandId: string, externalId: string, locale: string): Promise<boolean> {
    const [{ n }]: { n: number }[] = await this.db.query(
      `WITH removed AS (
         DELETE FROM kb_articles WHERE organization_id = $1 AND source = 'help_center' AND brand_id = $2 AND external_id = $3 AND locale = $4
         RETURNING 1)
       SELECT count(*)::int AS n FROM removed`,
      [organizationId, brandId, externalId, locale],
    );
    return n > 0;
  }

  async removeArticlesNotSeen(organizationId: string, brandId: string, passId: string): Promise<number> {
    const [{ n }]: { n: number }[] = await this.db.query(
      `WITH removed AS (
         DELETE FROM kb_articles
          WHERE organization_id = $1 AND source = 'help_center' AND brand_id = $2 AND last_seen_run IS DISTINCT FROM $3
         RETURNING 1)
       SELECT count(*)::int AS n FROM removed`,
      [organizationId, brandId, passId],
    );
    return n;
  }

  async hasVectorsOfOtherModels(organizationId: string, model: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM kb_chunks WHERE organization_id = $1 AND embedding_model <> $2 LIMIT 1`,
      [organizationId, model],
    );
    return rows.length > 0;
  }
}

interface RunRow {
  id: string;
  organization_id: string;
  trigger: SyncTrigger;
  status: SyncStatus;
  mode: string | null;
  counts: SyncCounts;
  problems: SyncProblem[];
  error: string | null;
  queued_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

interface StateRow {
  incremental_cursor: string | null;
  full_pass: SyncState['fullPass'];
  last_full_pass_at: Date | null;
}

const toRun = (row: RunRow): SyncRun => ({
  id: row.id,
  organizationId: row.organization_id,
  trigger: row.trigger,
  status: row.status,
  mode: row.mode,
  counts: { ...emptyCounts(), ...row.counts },
  problems: row.problems,
  error: row.error,
  queuedAt: row.queued_at,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
});
