import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PgBoss from 'pg-boss';
import * as plans from 'pg-boss/src/plans';
import { Pool, PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { isConnectionLost } from '../database/connection-lost';
import { DatabaseLocation } from '../database/database.module';
import { poolOf, preparedStatement } from '../database/prepared-statement';
import { correlationIds, withLogContext } from '../observability/log-context';
import { QueueDepth } from '../observability/metrics';
import { safeText } from '../text/safe-text';
import { LivenessLocks, livenessLock } from './liveness-locks';

const DEADLOCK_DETECTED = '40P01';
// pg-boss completes and fails jobs without awaiting them: a statement that meets a terminated backend would
// reject where nobody catches it. It is tried again on a new connection for about 15 s, a failover's length.
const RECONNECT_DELAYS_MS = [100, 500, 1000, 2000, 4000, 8000];
// Every few seconds each worker instance looks for active jobs whose worker's liveness lock is free; seen free
// twice in a row (a living worker takes its lock again within a second of a lost connection), the job is failed
// and retried at once instead of at pg-boss's expiry (15 minutes).
const WATCHDOG_MS = 5000;
const ABANDONED_AFTER_MS = WATCHDOG_MS - 1000;
const ABANDONED = 'abandoned: the process working on this job stopped';
const ERROR_MESSAGE_LENGTH = 2000;
// On stop: how long in-flight jobs may finish, and then how long those handed back may take to end.
const FINISH_MS = 10_000;
const HANDED_BACK_MS = 15_000;
const SCHEMA = 'pgboss';
// A worker's fetch loops: its concurrency split between them (see work).
const FETCH_LOOPS = 2;

// A queue and its pg-boss policy: 'standard', or 'stately' (one waiting and one running job per key).
export interface QueueDefinition {
  name: string;
  policy: 'standard' | 'stately';
}

export interface JobOptions {
  retryLimit: number;
  retryDelaySeconds: number;
  // Not before then (a job deferred while Zendesk asked us to wait).
  startAfter?: Date;
}

interface Succeeded {
  queue: string;
  release(): Promise<void>;
}

export interface QueuedJob<T> {
  id: string;
  data: T;
  // pg-boss counts retries from 0; the last permitted attempt has retryCount === retryLimit.
  isFinalAttempt: boolean;
}

// pg-boss on the application's own connection pool: with the embedded database (one connection) every
// statement then queues behind the others instead of interleaving inside someone else's transaction.
@Injectable()
export class JobQueue implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(JobQueue.name);
  private readonly boss: PgBoss;
  private readonly queues = new Map<string, Promise<void>>();
  // Queues this process works, and the jobs it is working on (settled when the attempt ends): never taken for
  // abandoned while it lives.
  private readonly worked = new Set<string>();
  private readonly running = new Map<string, Promise<void>>();
  // Active jobs of other workers whose liveness lock was free, and since when.
  private readonly seenFree = new Map<string, number>();
  private watchdog: NodeJS.Timeout | null = null;
  private stopping = false;
  // Jobs that succeeded, waiting for the rest of their batch: their queue, and how to release their liveness lock.
  private readonly succeeded = new Map<string, Succeeded>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly liveness: LivenessLocks,
    location?: DatabaseLocation,
  ) {
    const pool = poolOf(dataSource);
    const prepared = location?.embedded ? new Map<string, string>() : BATCH_STATEMENT_NAMES;
    this.boss = new PgBoss({ db: { executeSql: (text, values) => queryOnLiveConnection(pool, prepared, text, values) }, schema: SCHEMA });
    this.boss.on('error', (error) => this.logger.error(`pg-boss: ${error.message}`));
  }

  async onModuleInit(): Promise<void> {
    await this.boss.start();
  }

  // In-flight jobs get 10 s to finish; pg-boss then fails those still running, and they start again at once
  // on another instance (which waits for this process's liveness lock on each, that is until they end here).
  // pg-boss records their end after them (a no-op now), on the database pool: the pool stays open until they
  // end, for 15 s at most, so that a late record does not reject on a closed pool.
  async onModuleDestroy(): Promise<void> {
    if (this.watchdog) clearInterval(this.watchdog);
    this.stopping = true;
    await Promise.all([...this.succeeded.keys()].map((jobId) => this.completeNow(jobId)));
    await this.boss.stop({ graceful: true, wait: true, timeout: FINISH_MS });
    if (this.running.size === 0) return;
    await this.retryNow(this.boss.getDb(), [...this.running.keys()]);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(this.running.values()), new Promise((resolve) => (timer = setTimeout(resolve, HANDED_BACK_MS)))]);
    clearTimeout(timer);
  }

  // Sent inside the caller's transaction, so a job exists if and only if what it refers to was committed.
  async sendInTransaction<T extends object>(manager: EntityManager, queue: QueueDefinition, data: T, options: JobOptions): Promise<string> {
    await this.ensureQueue(queue);
    const client: PoolClient = await (manager.queryRunner as PostgresQueryRunner).connect();
    const id = await this.boss.send(queue.name, data, {
      retryLimit: options.retryLimit,
      retryDelay: options.retryDelaySeconds,
      retryBackoff: true,
      ...(options.startAfter && { startAfter: options.startAfter }),
      db: { executeSql: (text, values) => client.query(text, values) },
    });
    if (!id) throw new Error(`pg-boss refused a job for ${queue.name}`);
    return id;
  }

  // pg-boss's own insert of `jobs` (the statement and parameters its `insert` sends) made a part of the caller's
  // statement: a CTE body that inserts those of `jobs` whose 1-based positions the query `positions` (of the
  // caller's statement) returns, and returns one row per job inserted. Its parameters are numbered from
  // `firstParameter`. Like `insert`, it skips a job it cannot place without a word: the caller counts the rows.
  // The queue is created (once per process) here, before the caller takes a pooled connection for its statement.
  async insertJobsPart<T extends object>(
    queue: QueueDefinition,
    jobs: T[],
    options: Pick<JobOptions, 'retryLimit' | 'retryDelaySeconds'>,
    firstParameter: number,
    positions: string,
  ): Promise<{ sql: string; parameters: unknown[] }> {
    await this.ensureQueue(queue);
    let sent: { text: string; values: unknown[] } | undefined;
    const capture: PgBoss.Db = { executeSql: async (text, values) => ((sent = { text, values }), { rows: [] }) };
    const retry = { retryLimit: options.retryLimit, retryDelay: options.retryDelaySeconds, retryBackoff: true };
    await this.boss.insert(jobs.map((data) => ({ name: queue.name, data, ...retry })), { db: capture });
    if (!sent?.text.includes(INSERT_JOBS_FROM)) throw new Error("pg-boss's job insert is not the statement this version of JobQueue knows");
    const renumbered = sent.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + firstParameter - 1}`);
    const chosen = `(SELECT json_agg(job ORDER BY position) FROM json_array_elements($${firstParameter}::json) WITH ORDINALITY AS candidate(job, position) WHERE position IN (${positions}))`;
    return { sql: `${renumbered.replace(`json_to_recordset($${firstParameter})`, `json_to_recordset(${chosen})`).trimEnd()} RETURNING id`, parameters: sent.values };
  }

  // Fails an active job inside the caller's transaction (a job whose worker died): a 'stately' queue then
  // lets the key's next job start at once instead of after pg-boss's expiry (15 minutes by default).
  async failInTransaction(manager: EntityManager, queue: QueueDefinition, jobId: string, message: string): Promise<void> {
    await this.boss.fail(queue.name, jobId, { message }, { db: onClientOf(manager) });
  }

  // For queues of the 'stately' policy: at most one job waiting and one running per key, across every
  // instance. Returns null when one is already waiting. A running job older than `expireInSeconds` is failed
  // by pg-boss (15 minutes unless said otherwise), which lets the key's next job start.
  async sendSingleton<T extends object>(queue: QueueDefinition, data: T, singletonKey: string, expireInSeconds?: number): Promise<string | null> {
    await this.ensureQueue(queue);
    return this.boss.send(queue.name, data, { singletonKey, retryLimit: 0, ...(expireInSeconds && { expireInSeconds }) });
  }

  // `concurrency` jobs at a time, fetched in batches (one statement for a batch's jobs, one to complete them):
  // two fetch loops of half the concurrency each, so that while one batch waits for its slowest job the other
  // goes on. pg-boss waits its polling interval (0.5 s at least) after every batch; a loop that just finished
  // one polls again at once instead, so a busy queue drains at the pipeline's pace and an idle one is polled
  // twice a second.
  // Each job is worked under its liveness lock (see the watchdog); the lock is waited for while an earlier
  // attempt, taken for dead after a lost connection, still runs.
  async work<T extends object>(queue: QueueDefinition, concurrency: number, handler: (job: QueuedJob<T>) => Promise<void>): Promise<void> {
    await this.ensureQueue(queue);
    this.worked.add(queue.name);
    this.watchdog ??= setInterval(() => void this.reclaimAbandonedJobs(), WATCHDOG_MS);
    const loops = Math.min(concurrency, FETCH_LOOPS);
    for (let i = 0; i < loops; i++) {
      const batchSize = Math.ceil((concurrency - i) / loops);
      let workerId: string | undefined;
      workerId = await this.boss.work<T>(queue.name, { includeMetadata: true, pollingIntervalSeconds: 0.5, batchSize }, async (jobs) => {
        try {
          await this.workBatch(queue, jobs, handler);
        } finally {
          if (workerId) this.boss.notifyWorker(workerId);
        }
      });
    }
  }

  // The batch's jobs side by side. A job that fails is failed at once, under its lock. The locks of those that
  // succeed are kept until the whole batch ends, when pg-boss completes them together: until then they are active
  // jobs, and a watchdog must not find their locks free. Once this process is stopping, they are completed at once
  // instead (see onModuleDestroy): pg-boss fails whatever is left of a batch when its time to finish is up.
  // Every job of the batch counts as running until the batch ends: the pool stays open for pg-boss's record.
  private workBatch<T extends object>(queue: QueueDefinition, jobs: PgBoss.JobWithMetadata<T>[], handler: (job: QueuedJob<T>) => Promise<void>): Promise<void> {
    const batch = Promise.all(jobs.map((job) => this.workOne(queue, job, handler))).finally(() => Promise.all(jobs.map((job) => this.takeSucceeded(job.id)?.release())));
    const ended = batch.then(() => undefined, () => undefined);
    for (const job of jobs) this.running.set(job.id, ended);
    return batch.then(() => undefined).finally(() => jobs.forEach((job) => this.running.delete(job.id)));
  }

  private async workOne<T extends object>(queue: QueueDefinition, job: PgBoss.JobWithMetadata<T>, handler: (job: QueuedJob<T>) => Promise<void>): Promise<void> {
    try {
      const release = await this.attempt(queue, job, handler);
      this.succeeded.set(job.id, { queue: queue.name, release });
      if (this.stopping) await this.completeNow(job.id);
    } catch (error) {
      await this.boss.fail(queue.name, job.id, error as Error).catch((failure) => this.logger.error(`Recording the failure of job ${job.id} failed: ${(failure as Error).message}`));
    }
  }

  private async completeNow(jobId: string): Promise<void> {
    const done = this.takeSucceeded(jobId);
    if (!done) return;
    await this.boss.complete(done.queue, jobId).catch((error) => this.logger.error(`Completing job ${jobId} failed: ${(error as Error).message}`));
    await done.release();
  }

  private takeSucceeded(jobId: string): Succeeded | undefined {
    const done = this.succeeded.get(jobId);
    this.succeeded.delete(jobId);
    return done;
  }

  // The handler's attempt under the job's liveness lock: released at once if it fails, returned if it succeeds.
  private async attempt<T extends object>(queue: QueueDefinition, job: PgBoss.JobWithMetadata<T>, handler: (job: QueuedJob<T>) => Promise<void>): Promise<() => Promise<void>> {
    try {
      const release = await this.liveness.hold(jobLock(job.id));
      try {
        const ids = { queue: queue.name, jobId: job.id, ...correlationIds(job.data) };
        await withLogContext(ids, () => handler({ id: job.id, data: job.data, isFinalAttempt: job.retryCount >= job.retryLimit }));
      } catch (error) {
        await release();
        throw error;
      }
      return release;
    } catch (error) {
      throw storableError(error);
    }
  }

  // Active jobs of the queues worked here whose worker's liveness lock is free. Rows locked first (SKIP LOCKED:
  // two instances never fail the same job, and a job being completed is left alone); each lock tried inside the
  // transaction, so the job's next attempt cannot take it before the failure is committed.
  async reclaimAbandonedJobs(): Promise<string[]> {
    try {
      const now = Date.now();
      const reclaimed = await this.dataSource.transaction(async (manager) => {
        const active: { id: string; name: string }[] = await manager.query(
          `SELECT id, name FROM pgboss.job WHERE name = ANY($1) AND state = 'active' AND id <> ALL($2::uuid[]) FOR UPDATE SKIP LOCKED`,
          [[...this.worked], [...this.running.keys()]],
        );
        const abandoned: { id: string; name: string }[] = [];
        for (const job of active) {
          const [{ free }]: { free: boolean }[] = await manager.query(`SELECT pg_try_advisory_xact_lock(${JOB_LOCK_SQL}) AS free`, [job.id]);
          if (!free) this.seenFree.delete(job.id);
          else if (!this.seenFree.has(job.id)) this.seenFree.set(job.id, now);
          else if (now - this.seenFree.get(job.id)! >= ABANDONED_AFTER_MS) abandoned.push(job);
        }
        const db = onClientOf(manager);
        for (const job of abandoned) await this.boss.fail(job.name, job.id, { message: ABANDONED }, { db });
        await this.retryNow(db, abandoned.map((job) => job.id));
        for (const id of this.seenFree.keys()) if (!active.some((job) => job.id === id)) this.seenFree.delete(id);
        return abandoned;
      });
      for (const job of reclaimed) {
        this.seenFree.delete(job.id);
        this.logger.warn(`Job ${job.id} of ${job.name} was abandoned by a worker that stopped; retrying it now`);
      }
      return reclaimed.map((job) => job.id);
    } catch (error) {
      this.logger.error(`Reclaiming abandoned jobs failed: ${(error as Error).message}`);
      return [];
    }
  }

  // Waiting (created, retry) and running (active) jobs of each of our queues (not pg-boss's own), zeros included.
  async countJobs(): Promise<QueueDepth[]> {
    const { rows } = await this.boss.getDb().executeSql(
      `SELECT q.name AS queue, s.state::text AS state, count(j.id)::int AS count
         FROM pgboss.queue q
        CROSS JOIN unnest(ARRAY['created', 'retry', 'active']::pgboss.job_state[]) AS s(state)
         LEFT JOIN pgboss.job j ON j.name = q.name AND j.state = s.state
        WHERE NOT starts_with(q.name, '__pgboss__')
        GROUP BY q.name, s.state
        ORDER BY q.name, s.state`,
      [],
    );
    return rows as QueueDepth[];
  }

  // A failed job waits out its retry delay (with backoff, up to minutes); one whose worker died or stopped has
  // nothing to wait for.
  private async retryNow(db: PgBoss.Db, jobIds: string[]): Promise<void> {
    if (jobIds.length === 0) return;
    await db.executeSql(`UPDATE pgboss.job SET start_after = now() WHERE id = ANY($1::uuid[]) AND state = 'retry'`, [jobIds]);
  }

  // Once per process; creating a queue is DDL, so concurrent creations (here or on another instance)
  // can deadlock each other: the loser tries again and finds the queue there.
  private ensureQueue(queue: QueueDefinition): Promise<void> {
    let created = this.queues.get(queue.name);
    if (!created) {
      created = this.createQueue(queue).catch((error) => {
        this.queues.delete(queue.name);
        throw error;
      });
      this.queues.set(queue.name, created);
    }
    return created;
  }

  private async createQueue(queue: QueueDefinition, attempt = 1): Promise<void> {
    try {
      await this.boss.createQueue(queue.name, { name: queue.name, policy: queue.policy });
    } catch (error) {
      if ((error as { code?: string }).code !== DEADLOCK_DETECTED || attempt >= 3) throw error;
      await this.createQueue(queue, attempt + 1);
    }
  }
}

// pg-boss's fetch of a batch (as work() asks for it) and its completion, sent for every batch: prepared statements
// (see preparedStatement), planned once per connection instead of on every call. By their texts, as this version
// of pg-boss writes them: another version's texts are sent as they are.
const BATCH_STATEMENT_NAMES = new Map(
  [plans.fetchNextJob(SCHEMA)({ includeMetadata: true }), plans.completeJobs(SCHEMA)].map((text) => [text, preparedStatement(text, []).name!]),
);

// Where pg-boss's insert reads the jobs it was given (its parameter $1, their JSON).
const INSERT_JOBS_FROM = 'json_to_recordset($1)';

// The liveness lock of a job, held by the process working on it: its key, and the same in SQL of $1 (the job id).
const jobLock = (jobId: string) => `job:${jobId}`;
const JOB_LOCK_SQL = livenessLock(`'job:' || $1`);

// pg-boss on the connection of the caller's transaction.
function onClientOf(manager: EntityManager): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      const client: PoolClient = await (manager.queryRunner as PostgresQueryRunner).connect();
      return client.query(text, values);
    },
  };
}

async function queryOnLiveConnection(pool: Pool, prepared: Map<string, string>, text: string, values?: unknown[]) {
  const name = prepared.get(text);
  for (let attempt = 0; ; attempt++) {
    try {
      return await pool.query(name ? { name, text, values } : { text, values });
    } catch (error) {
      if (attempt >= RECONNECT_DELAYS_MS.length || !isConnectionLost(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_DELAYS_MS[attempt]));
    }
  }
}

// pg-boss stores a failed job's error as its output (jsonb) with every enumerable property: a QueryFailedError's
// parameters (a customer's text, NUL and all) would fail that write, and the failure, unstored, would reject
// where pg-boss does not catch it. Name, message and stack only, made storable.
function storableError(error: unknown): Error {
  const stored = new Error(safeText(error instanceof Error ? error.message : String(error), ERROR_MESSAGE_LENGTH));
  if (error instanceof Error) stored.name = safeText(error.name, ERROR_MESSAGE_LENGTH);
  stored.stack = safeText((error instanceof Error && error.stack) || stored.message, 16_000);
  return stored;
}
