import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PgBoss from 'pg-boss';
import { Pool, PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { correlationIds, withLogContext } from '../observability/log-context';
import { QueueDepth } from '../observability/metrics';
import { safeText } from '../text/safe-text';

const DEADLOCK_DETECTED = '40P01';

// pg-boss stores a failed job's error as jsonb with every enumerable property: a QueryFailedError's parameters
// (a customer's text, NUL and all) would fail that write as well, and leave the job active until it expires.
// Message and stack only, made storable.
function storableError(error: unknown): Error {
  const stored = new Error(safeText(error instanceof Error ? error.message : String(error), 4000));
  stored.stack = safeText((error instanceof Error && error.stack) || stored.message, 16_000);
  return stored;
}

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

  constructor(@InjectDataSource() dataSource: DataSource) {
    const pool = (dataSource.driver as unknown as { master: Pool }).master;
    this.boss = new PgBoss({ db: { executeSql: (text, values) => pool.query(text, values) }, schema: 'pgboss' });
    this.boss.on('error', (error) => this.logger.error(`pg-boss: ${error.message}`));
  }

  async onModuleInit(): Promise<void> {
    await this.boss.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
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

  // Fails an active job inside the caller's transaction (a job whose worker died): a 'stately' queue then
  // lets the key's next job start at once instead of after pg-boss's expiry (15 minutes by default).
  async failInTransaction(manager: EntityManager, queue: QueueDefinition, jobId: string, message: string): Promise<void> {
    const client: PoolClient = await (manager.queryRunner as PostgresQueryRunner).connect();
    await this.boss.fail(queue.name, jobId, { message }, { db: { executeSql: (text, values) => client.query(text, values) } });
  }

  // For queues of the 'stately' policy: at most one job waiting and one running per key, across every
  // instance. Returns null when one is already waiting. A running job older than `expireInSeconds` is failed
  // by pg-boss (15 minutes unless said otherwise), which lets the key's next job start.
  async sendSingleton<T extends object>(queue: QueueDefinition, data: T, singletonKey: string, expireInSeconds?: number): Promise<string | null> {
    await this.ensureQueue(queue);
    return this.boss.send(queue.name, data, { singletonKey, retryLimit: 0, ...(expireInSeconds && { expireInSeconds }) });
  }

  // `concurrency` workers, each taking one job at a time. pg-boss waits its polling interval (0.5 s at
  // least) after every job; a worker that just finished one polls again at once instead, so a busy
  // queue drains at the pipeline's pace and an idle one is polled twice a second.
  async work<T extends object>(queue: QueueDefinition, concurrency: number, handler: (job: QueuedJob<T>) => Promise<void>): Promise<void> {
    await this.ensureQueue(queue);
    for (let i = 0; i < concurrency; i++) {
      let workerId: string | undefined;
      workerId = await this.boss.work<T>(queue.name, { includeMetadata: true, pollingIntervalSeconds: 0.5, batchSize: 1 }, async ([job]) => {
        try {
          const ids = { queue: queue.name, jobId: job.id, ...correlationIds(job.data) };
          await withLogContext(ids, () => handler({ id: job.id, data: job.data, isFinalAttempt: job.retryCount >= job.retryLimit }));
        } catch (error) {
          throw storableError(error);
        } finally {
          if (workerId) this.boss.notifyWorker(workerId);
        }
      });
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
