import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RunClaim, SyncRecords } from '../application/ports/sync-records';
import { exactTimestamp, Page, PageRequest, toPage } from '../../../shared/pagination/page';
import { JobQueue, QueueDefinition } from '../../../shared/queue/job-queue';
import { LivenessLocks, livenessLock } from '../../../shared/queue/liveness-locks';
import { safeJson, safeText } from '../../../shared/text/safe-text';
import { emptyCounts, SyncCounts, SyncProblem, SyncRun, SyncState, SyncStatus, SyncTrigger } from '../domain/sync-run';

const ERROR_LENGTH = 4000;

export const HELP_CENTER_SYNC_QUEUE: QueueDefinition = { name: 'help-center-sync', policy: 'stately' };

// A first sync of a large help center runs for many minutes; with pg-boss's 15-minute expiry the organization's
// next sync would start beside it. Dead workers are found within seconds by their advisory lock (see
// reclaimAbandonedRuns), so the expiry is only a backstop.
export const SYNC_JOB_EXPIRY_SECONDS = 6 * 3600;

export interface HelpCenterSyncJob {
  runId: string;
  organizationId: string;
  trigger: SyncTrigger;
}

// The indexes a page of articles writes at random places, one entry a term: at 10,000 articles, maintaining
// them row by row cost more than half of a page's PostgreSQL time, building them once at the end ~20 s
// (docs/performance.md, "Help Center sync"). The per-article and per-chunk indexes stay: each page writes
// them in a few places, and the page's deletes read them.
const DEFERRABLE_TEXT_INDEXES = ['kb_postings_impact_idx', 'kb_article_postings_impact_idx', 'kb_chunks_tsv_idx'];

const ABANDONED = 'abandoned: the process running this sync stopped; the next sync resumes where it stopped';

// The liveness lock that says a run's process is alive, as an SQL expression of the run id (text).
const claimLock = (runId: string) => livenessLock(`'kb_sync_run:' || ${runId}`);

@Injectable()
export class PostgresSyncRecords extends SyncRecords {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: JobQueue,
    private readonly liveness: LivenessLocks,
  ) {
    super();
  }

  // pg-boss's 'stately' policy keeps one waiting and one running sync per organization across every instance.
  // A run row exists only for a job the queue accepted; the worker may create it first (see startRun).
  async queueRun(organizationId: string, trigger: SyncTrigger): Promise<SyncRun> {
    for (let attempt = 0; ; attempt++) {
      const id = randomUUID();
      const job = { runId: id, organizationId, trigger };
      if (await this.queue.sendSingleton<HelpCenterSyncJob>(HELP_CENTER_SYNC_QUEUE, job, organizationId, SYNC_JOB_EXPIRY_SECONDS)) {
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

  async listRuns(organizationId: string, { limit, after }: PageRequest): Promise<Page<SyncRun>> {
    const rows: (RunRow & { page_at: string })[] = await this.db.query(
      `SELECT *, ${exactTimestamp('queued_at')} AS page_at FROM kb_sync_runs
        WHERE organization_id = $1 AND ($2::timestamptz IS NULL OR (queued_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY queued_at DESC, id DESC LIMIT $4`,
      [organizationId, after?.at ?? null, after?.id ?? null, limit + 1],
    );
    return toPage(rows, limit, (row) => ({ at: row.page_at, id: row.id }), toRun);
  }

  // The run's process holds its liveness lock from before the run is marked running until it is finished.
  async claimRun(runId: string): Promise<RunClaim> {
    return { release: await this.liveness.hold(`kb_sync_run:${runId}`) };
  }

  async startRun(job: { runId: string; organizationId: string; trigger: SyncTrigger; jobId: string }): Promise<SyncRun> {
    const [row]: RunRow[] = await this.db.query(
      `INSERT INTO kb_sync_runs (id, organization_id, trigger, status, started_at, job_id) VALUES ($1, $2, $3, 'running', now(), $4)
       ON CONFLICT (id) DO UPDATE SET status = 'running', started_at = now(), job_id = EXCLUDED.job_id
       RETURNING *`,
      [job.runId, job.organizationId, job.trigger, job.jobId],
    );
    return toRun(row);
  }

  async recordProgress(id: string, mode: string, counts: SyncCounts): Promise<void> {
    await this.db.query(`UPDATE kb_sync_runs SET mode = $2, counts = $3, pages = pages + 1 WHERE id = $1 AND status = 'running'`, [id, mode, JSON.stringify(counts)]);
  }

  async finishRun(id: string, status: Extract<SyncStatus, 'succeeded' | 'failed'>, counts: SyncCounts, problems: SyncProblem[], error: string | null) {
    await this.db.query(
      `UPDATE kb_sync_runs SET status = $2, counts = $3, problems = $4, error = $5, finished_at = now() WHERE id = $1 AND status = 'running'`,
      // Problems and the error quote Zendesk's answers: NUL or a lone surrogate there would fail the update.
      [id, status, JSON.stringify(counts), JSON.stringify(safeJson(problems)), error === null ? null : safeText(error, ERROR_LENGTH)],
    );
  }

  // Rows locked first (SKIP LOCKED: two instances never reclaim the same run, and a run being finished is
  // left alone), then each claim tried: a lock nobody holds means the owner's session, and so its process,
  // is gone. The run and its job fail in one transaction; a sync waiting behind the job then starts.
  async reclaimAbandonedRuns(runningHere: string[]): Promise<SyncRun[]> {
    return this.db.transaction(async (manager) => {
      const running: { id: string }[] = await manager.query(
        `SELECT id FROM kb_sync_runs WHERE status = 'running' AND id <> ALL($1::uuid[]) FOR UPDATE SKIP LOCKED`,
        [runningHere],
      );
      const abandoned: SyncRun[] = [];
      for (const { id } of running) {
        const [{ free }]: { free: boolean }[] = await manager.query(`SELECT pg_try_advisory_xact_lock(${claimLock('$1')}) AS free`, [id]);
        if (!free) continue;
        const [row]: RunRow[] = await manager.query(
          `WITH failed AS (UPDATE kb_sync_runs SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 RETURNING *)
           SELECT * FROM failed`,
          [id, ABANDONED],
        );
        if (row.job_id) await this.queue.failInTransaction(manager, HELP_CENTER_SYNC_QUEUE, row.job_id, ABANDONED);
        abandoned.push(toRun(row));
      }
      return abandoned;
    });
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

  // The run's row is share-locked while the state is written: a reclaim either waits for this write or, if it
  // came first, makes it a no-op. (A run without a row, as in a direct call of the sync service, saves.)
  async saveState(runId: string, organizationId: string, brandId: string, state: SyncState): Promise<boolean> {
    const saved: unknown[] = await this.db.query(
      `WITH run AS (SELECT status FROM kb_sync_runs WHERE id = $1 FOR SHARE)
       INSERT INTO kb_sync_state (organization_id, brand_id, incremental_cursor, full_pass, last_full_pass_at)
       SELECT $2::uuid, $3::text, $4::bigint, $5::jsonb, $6::timestamptz WHERE NOT EXISTS (SELECT 1 FROM run WHERE status <> 'running')
       ON CONFLICT (organization_id, brand_id) DO UPDATE
         SET incremental_cursor = EXCLUDED.incremental_cursor, full_pass = EXCLUDED.full_pass, last_full_pass_at = EXCLUDED.last_full_pass_at
       RETURNING 1`,
      [runId, organizationId, brandId, state.incrementalCursor, state.fullPass && JSON.stringify(state.fullPass), state.lastFullPassAt],
    );
    return saved.length > 0;
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

  async keepArticlesSeen(organizationId: string, brandId: string, passId: string, externalIds: string[], locale: string): Promise<void> {
    if (externalIds.length === 0) return;
    await this.db.query(
      `UPDATE kb_articles SET last_seen_run = $3
        WHERE organization_id = $1 AND source = 'help_center' AND brand_id = $2 AND external_id = ANY($4::text[]) AND locale = $5`,
      [organizationId, brandId, passId, externalIds, locale],
    );
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

  // The definitions are read from the catalog, so the indexes come back as the migrations left them. Every
  // table a page writes is locked before the second look: nothing is stored between it and the drop.
  async deferTextIndexesIfEmpty(): Promise<void> {
    if (!(await this.knowledgeBaseIsEmpty(this.db.manager))) return;
    await this.db.transaction(async (tx) => {
      await tx.query(`LOCK TABLE kb_articles, kb_chunks, kb_postings, kb_article_postings IN SHARE ROW EXCLUSIVE MODE`);
      if (!(await this.knowledgeBaseIsEmpty(tx))) return;
      const deferred: { name: string }[] = await tx.query(
        `INSERT INTO kb_deferred_indexes (name, definition)
         SELECT name, pg_get_indexdef(to_regclass(name)) FROM unnest($1::text[]) AS name WHERE to_regclass(name) IS NOT NULL
         ON CONFLICT (name) DO NOTHING
         RETURNING name`,
        [DEFERRABLE_TEXT_INDEXES],
      );
      for (const { name } of deferred) await tx.query(`DROP INDEX ${name}`);
    });
  }

  private async knowledgeBaseIsEmpty(db: EntityManager): Promise<boolean> {
    const [{ empty }]: { empty: boolean }[] = await db.query(`SELECT NOT EXISTS (SELECT 1 FROM kb_chunks) AS empty`);
    return empty;
  }

  // The rows are deleted first: a second process restoring waits for this one, then finds none.
  async restoreTextIndexes(): Promise<void> {
    const [{ pending }]: { pending: boolean }[] = await this.db.query(`SELECT EXISTS (SELECT 1 FROM kb_deferred_indexes) AS pending`);
    if (!pending) return;
    await this.db.transaction(async (tx) => {
      const deferred: { definition: string }[] = await tx.query(
        `WITH deferred AS (DELETE FROM kb_deferred_indexes RETURNING definition) SELECT definition FROM deferred`,
      );
      for (const { definition } of deferred) await tx.query(definition.replace(/^CREATE INDEX /, 'CREATE INDEX IF NOT EXISTS '));
    });
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
  pages: number;
  problems: SyncProblem[];
  error: string | null;
  job_id: string | null;
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
  pages: row.pages,
  problems: row.problems,
  error: row.error,
  queuedAt: row.queued_at,
  startedAt: row.started_at,
  finishedAt: row.finished_at,
});
