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
