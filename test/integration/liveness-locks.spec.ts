import { Client } from 'pg';
import { LivenessLocks } from '../../src/shared/queue/liveness-locks';
import { createMigratedDatabase, locationOf, MigratedDatabase } from '../support/test-data-source';

// What other processes see of a living one: its locks, held again soon after its connection was cut.
describe('LivenessLocks (real PostgreSQL)', () => {
  let db: MigratedDatabase;
  let sut: LivenessLocks;
  let observer: Client;

  beforeAll(async () => {
    db = await createMigratedDatabase();
    const location = await locationOf(db);
    sut = new LivenessLocks(location);
    observer = new Client({ connectionString: db.database.url });
    await observer.connect();
  });
  afterAll(async () => {
    await sut?.onApplicationShutdown();
    await observer?.end();
    await db?.close();
  });

  // As the watchdog asks: may another session take the key's lock now?
  const free = async (key: string) => {
    await observer.query('BEGIN');
    try {
      const { rows } = await observer.query(`SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS free`, [key]);
      return rows[0].free as boolean;
    } finally {
      await observer.query('ROLLBACK');
    }
  };

  // Every job of the process takes and releases its lock on the one connection: pg 9 refuses a query sent while
  // another runs on the same client, so the statements must go one at a time whatever the jobs do.
  it('sends one statement at a time on its connection while many jobs take and release their locks', async () => {
    const inFlight = new Map<Client, number>();
    let most = 0;
    const query = Client.prototype.query;
    const spy = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      const running = (inFlight.get(this) ?? 0) + 1;
      inFlight.set(this, running);
      most = Math.max(most, running);
      const done = () => inFlight.set(this, (inFlight.get(this) ?? 1) - 1);
      const result = (query as (...a: unknown[]) => Promise<unknown>).apply(this, args);
      return result.finally(done) as never;
    });
    try {
      const releases = await Promise.all(Array.from({ length: 20 }, (_, i) => sut.hold(`job:many-${i}`)));
      await Promise.all(releases.map((release) => release()));
    } finally {
      spy.mockRestore();
    }
    expect(most).toBe(1);
    expect(await free('job:many-7')).toBe(true);
  });

  // Within 4 s: before a watchdog that saw the lock free looks again and takes the process for dead.
  it('holds a key until released, and takes it again within 4 s when its connection is terminated', async () => {
    const release = await sut.hold('job:a');
    expect(await free('job:a')).toBe(false);

    await observer.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [`assist-liveness-${process.pid}`]);
    const deadline = Date.now() + 4000;
    while (await free('job:a')) {
      if (Date.now() > deadline) throw new Error('The lock was not taken again within 4 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    await release();
    expect(await free('job:a')).toBe(true);
  });

  it('waits for a key another session holds', async () => {
    const other = new Client({ connectionString: db.database.url });
    await other.connect();
    await other.query(`SELECT pg_advisory_lock(hashtextextended('job:b', 0))`);
    let held = false;
    const holding = sut.hold('job:b').then((release) => {
      held = true;
      return release;
    });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(held).toBe(false);

    await other.end();
    const release = await holding;
    expect(await free('job:b')).toBe(false);
    await release();
  });
});
