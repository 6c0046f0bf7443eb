import { AppConfig } from '../../src/config/app-config';
import { PostgresAssistRecords } from '../../src/modules/assist/infrastructure/postgres-assist-records';
import { JobQueue } from '../../src/shared/queue/job-queue';
import { LivenessLocks } from '../../src/shared/queue/liveness-locks';
import { createMigratedDatabase, insertOrganization, locationOf, MigratedDatabase } from '../support/test-data-source';

// The webhook endpoint is public: refused deliveries must not grow without bound.
describe('PostgresAssistRecords: refused webhook deliveries (real PostgreSQL)', () => {
  let db: MigratedDatabase;
  let sut: PostgresAssistRecords;

  beforeAll(async () => {
    db = await createMigratedDatabase();
    // A queue that sends nothing and works nothing: no liveness locks.
    const queue = new JobQueue(db.dataSource, {} as LivenessLocks);
    sut = new PostgresAssistRecords(db.dataSource, queue, AppConfig.load({ SECRETS_KEY: 'test-secrets-key-0123456789abcdef0123' }), await locationOf(db));
  });
  afterAll(() => db.close());

  it("keeps an organization's newest 1,000 and leaves other organizations' alone", async () => {
    const flooded = await insertOrganization(db.dataSource, 'Flooded');
    const quiet = await insertOrganization(db.dataSource, 'Quiet');
    await sut.recordRejectedWebhook({ organizationId: quiet, ticketId: '7', verdict: 'stale', signatureTimestamp: null });
    // 1,000 older ones, the n-th received n seconds ago and filed under ticket n.
    await db.dataSource.query(
      `INSERT INTO webhook_rejections (organization_id, ticket_id, verdict, received_at)
       SELECT $1, n::text, 'bad_signature', now() - make_interval(secs => n) FROM generate_series(1, 1000) AS n`,
      [flooded],
    );

    await sut.recordRejectedWebhook({ organizationId: flooded, ticketId: '1', verdict: 'missing_signature', signatureTimestamp: '2026-01-01T00:00:00Z' });

    const counts: { organization_id: string; count: number }[] = await db.dataSource.query(
      `SELECT organization_id, count(*)::int AS count FROM webhook_rejections GROUP BY organization_id`,
    );
    expect(counts.find((c) => c.organization_id === flooded)?.count).toBe(1000);
    expect(counts.find((c) => c.organization_id === quiet)?.count).toBe(1);
    expect(await sut.listWebhookDeliveries(flooded, '1000')).toEqual([]);
    expect((await sut.listWebhookDeliveries(flooded, '999')).map((d) => d.verdict)).toEqual(['bad_signature']);
    expect(await sut.listWebhookDeliveries(flooded, '1')).toEqual([
      expect.objectContaining({ verdict: 'bad_signature', eventId: null }),
      expect.objectContaining({ verdict: 'missing_signature', eventId: null, signatureTimestamp: '2026-01-01T00:00:00Z' }),
    ]);
  });
});
