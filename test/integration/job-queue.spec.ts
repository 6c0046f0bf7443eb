import { Client, QueryConfig } from 'pg';
import { poolOf } from '../../src/shared/database/prepared-statement';
import { JobQueue, QueueDefinition } from '../../src/shared/queue/job-queue';
import { LivenessLocks } from '../../src/shared/queue/liveness-locks';
import { createMigratedDatabase, locationOf, MigratedDatabase } from '../support/test-data-source';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The queue's own promises beyond pg-boss's: failures stored whatever their message, dead workers' jobs retried
// within seconds (not at pg-boss's 15-minute expiry), living workers' jobs left alone.
describe('JobQueue on pg-boss (real PostgreSQL)', () => {
  let db: MigratedDatabase;
  let liveness: LivenessLocks;
  let sut: JobQueue;

  beforeAll(async () => {
    db = await createMigratedDatabase();
    const location = await locationOf(db);
    liveness = new LivenessLocks(location);
    sut = new JobQueue(db.dataSource, liveness, location);
    await sut.onModuleInit();
  });
  afterAll(async () => {
    await sut?.onModuleDestroy();
    await liveness?.onApplicationShutdown();
    await db?.close();
  });

  const send = (queue: QueueDefinition, retryDelaySeconds: number) =>
    db.dataSource.transaction((manager) => sut.sendInTransaction(manager, queue, { n: 1 }, { retryLimit: 2, retryDelaySeconds }));
  const job = async (id: string): Promise<{ state: string; output: { message?: string } | null }> =>
    (await db.dataSource.query(`SELECT state::text, output FROM pgboss.job WHERE id = $1`, [id]))[0];
  const eventually = async (check: () => Promise<boolean> | boolean, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`Not so within ${timeoutMs} ms`);
      await delay(100);
    }
  };

  it('stores a failure whose message PostgreSQL would refuse (a NUL), without it', async () => {
    const queue: QueueDefinition = { name: 'test-nul-error', policy: 'standard' };
    const id = await send(queue, 60);
    await sut.work(queue, 1, async () => {
      throw new Error('Zendesk said: bad\u0000byte');
    });

    await eventually(async () => (await job(id)).state === 'retry', 10_000);
    expect((await job(id)).output).toMatchObject({ name: 'Error', message: 'Zendesk said: badbyte' });
  });

  it("fetches and completes a batch by prepared statements, planned once per connection", async () => {
    const query = jest.spyOn(poolOf(db.dataSource), 'query');
    try {
      const queue: QueueDefinition = { name: 'test-prepared', policy: 'standard' };
      const id = await send(queue, 60);
      await sut.work(queue, 2, async () => undefined);
      await eventually(async () => (await job(id)).state === 'completed', 10_000);

      const prepared = query.mock.calls.map(([config]) => config as unknown).filter((config): config is QueryConfig => Boolean((config as QueryConfig).name));
      expect(prepared.some(({ text }) => text.includes('FOR UPDATE SKIP LOCKED'))).toBe(true);
      expect(prepared.some(({ text }) => text.includes("state = 'completed'"))).toBe(true);
    } finally {
      query.mockRestore();
    }
  });

  it("works a batch's jobs side by side: a failed one is failed at once, a succeeded one keeps its liveness lock until its batch ends", async () => {
    const queue: QueueDefinition = { name: 'test-batch', policy: 'standard' };
    const ids: string[] = [];
    let finishSlow: () => void = () => undefined;
    const slowGoesOn = new Promise<void>((resolve) => (finishSlow = resolve));
    const handled: string[] = [];
    const lockFree = async (id: string) =>
      (await db.dataSource.query(`SELECT pg_try_advisory_xact_lock(hashtextextended('job:' || $1, 0)) AS free`, [id]))[0].free as boolean;

    // Concurrency 6: two fetch loops of 3. The jobs are committed together, so the first fetch after takes them all.
    await sut.work<{ n: number }>(queue, 6, async (job) => {
      handled.push(job.id);
      if (job.id === ids[0]) throw new Error('this one fails');
      if (job.id === ids[2]) await slowGoesOn;
    });
    await db.dataSource.transaction(async (manager) => {
      for (let n = 0; n < 3; n++) ids.push(await sut.sendInTransaction(manager, queue, { n }, { retryLimit: 2, retryDelaySeconds: 600 }));
    });
    const [failing, quick, slow] = ids;

    await eventually(async () => handled.length === 3 && (await job(failing)).state === 'retry', 10_000);
    expect(await lockFree(failing)).toBe(true);
    // The quick job succeeded but its batch goes on: still active, and its lock still held.
    expect(await job(quick)).toMatchObject({ state: 'active' });
    expect(await lockFree(quick)).toBe(false);

    finishSlow();
    await eventually(async () => (await job(quick)).state === 'completed' && (await job(slow)).state === 'completed', 10_000);
    expect(await lockFree(quick)).toBe(true);
    expect(await job(failing)).toMatchObject({ state: 'retry', output: { message: 'this one fails' } });
  });

  it("retries at once a job whose worker died, and leaves a living worker's job alone", async () => {
    const queue: QueueDefinition = { name: 'test-abandoned', policy: 'standard' };
    // Two jobs taken by workers elsewhere, with a retry delay longer than the test: one worker died, one lives.
    const [dead, alive] = [await send(queue, 600), await send(queue, 600)];
    await db.dataSource.query(`UPDATE pgboss.job SET state = 'active', started_on = now() WHERE id = ANY($1::uuid[])`, [[dead, alive]]);
    const elsewhere = new Client({ connectionString: db.database.url });
    await elsewhere.connect();
    await elsewhere.query(`SELECT pg_advisory_lock(hashtextextended('job:' || $1, 0))`, [alive]);
    const handled: string[] = [];

    await sut.work(queue, 1, async (job) => {
      handled.push(job.id);
    });

    // Seen free twice, 5 s apart.
    // Its completion follows the handler's return (the batch's statement): wait for it, not only for the handler.
    await eventually(async () => handled.includes(dead) && (await job(dead)).state === 'completed', 15_000);
    expect(await job(alive)).toMatchObject({ state: 'active' });

    await elsewhere.end();
    await eventually(() => handled.includes(alive), 15_000);
    expect(handled).toEqual([dead, alive]);
  }, 40_000);

  it('hands back, on stop, a job still running after 10 s: failed and startable at once elsewhere', async () => {
    const stopping = new JobQueue(db.dataSource, liveness);
    await stopping.onModuleInit();
    const queue: QueueDefinition = { name: 'test-stop', policy: 'standard' };
    const id = await send(queue, 600);
    let finish!: () => void;
    const started = new Promise<void>((resolve) => {
      void stopping.work(queue, 1, () => {
        resolve();
        return new Promise<void>((done) => (finish = done));
      });
    });
    await started;

    const stopped = stopping.onModuleDestroy();

    const handedBack = async () =>
      (await db.dataSource.query(`SELECT state::text, output, start_after <= now() AS startable FROM pgboss.job WHERE id = $1`, [id]))[0];
    await eventually(async () => (await handedBack()).state === 'retry', 15_000);
    expect(await handedBack()).toEqual({ state: 'retry', output: { value: 'pg-boss shut down while active' }, startable: true });
    // The stop waits for the job to end here, and pg-boss records that end on a pool still open.
    finish();
    await stopped;
    expect((await handedBack()).state).toBe('retry');
  }, 40_000);
});
