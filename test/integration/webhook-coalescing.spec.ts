import { DataSource } from 'typeorm';
import { AppConfig } from '../../src/config/app-config';
import { WebhookError, WebhookErrorCode } from '../../src/modules/assist/application/webhook-intake.service';
import { AcceptedDelivery } from '../../src/modules/assist/domain/decision';
import { PostgresAssistRecords } from '../../src/modules/assist/infrastructure/postgres-assist-records';
import { JobQueue } from '../../src/shared/queue/job-queue';
import { LivenessLocks } from '../../src/shared/queue/liveness-locks';
import { createMigratedDatabase, insertOrganization, locationOf, MigratedDatabase } from '../support/test-data-source';

// One job per ticket in flight: what intake and the start of a job decide, before anything is read from Zendesk.
describe('PostgresAssistRecords: coalescing redeliveries (real PostgreSQL, pg-boss)', () => {
  let db: MigratedDatabase;
  let queue: JobQueue;
  let sut: PostgresAssistRecords;
  let organizationId: string;
  let tickets = 100;

  beforeAll(async () => {
    db = await createMigratedDatabase();
    // Jobs are only sent here, never worked: no liveness lock is taken.
    queue = new JobQueue(db.dataSource, {} as LivenessLocks);
    await queue.onModuleInit();
    sut = new PostgresAssistRecords(db.dataSource, queue, AppConfig.load({ SECRETS_KEY: 'test-secrets-key-0123456789abcdef0123' }), await locationOf(db));
    organizationId = await insertOrganization(db.dataSource);
  });
  afterAll(async () => {
    await queue.onModuleDestroy();
    await db.close();
  });

  const deliver = (ticketId: string) => sut.acceptWebhook({ organizationId, ticketId, payload: { ticket_id: ticketId }, signatureTimestamp: new Date().toISOString() });
  const jobsFor = async (ticketId: string): Promise<string[]> =>
    (await db.dataSource.query(`SELECT data->>'eventId' AS event FROM pgboss.job WHERE name = 'assist-ticket' AND data->>'ticketId' = $1`, [ticketId]))
      .map((row: { event: string }) => row.event)
      .sort();
  const reasons = async (ticketId: string) => (await sut.listDecisions(organizationId, ticketId)).map((d) => [d.reason, d.evidence.coalescedInto]);
  const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

  it('queues one job for concurrent deliveries of a ticket; the others join it, each with a decision saying so', async () => {
    const ticketId = String(++tickets);
    const accepted: AcceptedDelivery[] = await Promise.all(Array.from({ length: 8 }, () => deliver(ticketId)));

    const queued = accepted.filter((a) => a.coalescedInto === null);
    expect(queued).toHaveLength(1);
    expect(await jobsFor(ticketId)).toEqual([queued[0].eventId]);
    expect(accepted.filter((a) => a.coalescedInto === queued[0].eventId)).toHaveLength(7);
    expect(await reasons(ticketId)).toEqual(Array.from({ length: 7 }, () => ['duplicate', queued[0].eventId]));
    // Every delivery is kept, coalesced or not.
    expect(await sut.listWebhookDeliveries(organizationId, ticketId)).toHaveLength(8);
  });

  it('queues a new job for a delivery that comes once the waiting job started', async () => {
    const ticketId = String(++tickets);
    const first = await deliver(ticketId);
    expect((await sut.beginTicketRun(first)).coveredBy).toBeNull();
    const second = await deliver(ticketId);
    expect(second.coalescedInto).toBeNull();
    expect(await jobsFor(ticketId)).toEqual([first.eventId, second.eventId].sort());
  });

  it("starts a run with a commit that waits for no WAL flush, and leaves the connection's later writes flushed", async () => {
    // One pooled connection: the statement after the start runs where the start ran.
    const single = new DataSource({ type: 'postgres', url: db.database.url, extra: { max: 1 } });
    await single.initialize();
    try {
      const records = new PostgresAssistRecords(single, queue, AppConfig.load({ SECRETS_KEY: 'test-secrets-key-0123456789abcdef0123' }), await locationOf(db));
      const ticketId = String(++tickets);
      const first = await deliver(ticketId);
      expect((await records.beginTicketRun(first)).coveredBy).toBeNull();
      expect((await single.query(`SHOW synchronous_commit`))[0].synchronous_commit).toBe('on');
      expect((await deliver(ticketId)).coalescedInto).toBeNull();
    } finally {
      await single.destroy();
    }
  });

  it("covers a delivery that came before another run started reading; never one that came after, nor one whose own run read", async () => {
    const ticketId = String(++tickets);
    const first = await deliver(ticketId);
    await sut.beginTicketRun(first);
    await tick();
    const early = await deliver(ticketId); // came while `first` ran: its own job
    await tick();
    const late = await deliver(ticketId); // joins `early`'s waiting job
    expect(late.coalescedInto).toBe(early.eventId);

    // `early`'s job starts and, say, is deferred before reading; a retry of `first` starts reading after it came.
    expect((await sut.beginTicketRun(early)).coveredBy).toBeNull();
    await tick();
    const retried = await sut.beginTicketRun(first);
    expect(retried.coveredBy).toBeNull();
    await sut.recordTicketRead({ eventId: first.eventId, readFrom: retried.readFrom, organizationId: first.organizationId, ticketId });
    await tick();
    const after = await deliver(ticketId);

    // `early` came before `first`'s run started reading: covered. `after` came later: not covered.
    expect((await sut.beginTicketRun(early)).coveredBy).toBe(first.eventId);
    expect((await sut.beginTicketRun(after)).coveredBy).toBeNull();
    // `first` read the ticket itself: a later reader never covers it (its comment may be claimed by it).
    const afterRun = await sut.beginTicketRun(after);
    await sut.recordTicketRead({ eventId: after.eventId, readFrom: afterRun.readFrom, organizationId: after.organizationId, ticketId });
    expect((await sut.beginTicketRun(first)).coveredBy).toBeNull();
  });

  it('does not join a waiting job queued over an hour ago (it may be gone): the delivery queues its own', async () => {
    const ticketId = String(++tickets);
    const first = await deliver(ticketId);
    await db.dataSource.query(`UPDATE ticket_waiting_jobs SET queued_at = now() - interval '61 minutes' WHERE ticket_id = $1`, [ticketId]);
    const second = await deliver(ticketId);
    expect(second.coalescedInto).toBeNull();
    expect(await jobsFor(ticketId)).toEqual([first.eventId, second.eventId].sort());
  });

  it('defers a job to a later start without a retry spent, remembering since when', async () => {
    const ticketId = String(++tickets);
    const first = await deliver(ticketId);
    const startAfter = new Date(Date.now() + 90_000);
    await sut.deferJob({ eventId: first.eventId, organizationId, ticketId }, startAfter);
    const [deferred] = await db.dataSource.query(
      `SELECT data, start_after, retry_count FROM pgboss.job WHERE name = 'assist-ticket' AND data->>'ticketId' = $1 ORDER BY created_on DESC LIMIT 1`,
      [ticketId],
    );
    expect(deferred.data).toMatchObject({ eventId: first.eventId, deferredSince: expect.any(String) });
    expect(Math.abs(new Date(deferred.start_after).getTime() - startAfter.getTime())).toBeLessThan(1000);
    expect(deferred.retry_count).toBe(0);
  });

  it('takes a first burst larger than the connection pool on a process that has not sent a job yet', async () => {
    // A fresh queue creates its pg-boss queue on first use: never while the deliveries hold every connection.
    const fresh = new JobQueue(db.dataSource, {} as LivenessLocks);
    await fresh.onModuleInit();
    try {
      const records = new PostgresAssistRecords(db.dataSource, fresh, AppConfig.load({ SECRETS_KEY: 'test-secrets-key-0123456789abcdef0123' }), await locationOf(db));
      const burst = Array.from({ length: 16 }, () => String(++tickets));
      const accepted = await Promise.all(burst.map((ticketId) => records.acceptWebhook({ organizationId, ticketId, payload: { ticket_id: ticketId }, signatureTimestamp: new Date().toISOString() })));
      expect(accepted.every((a) => a.coalescedInto === null)).toBe(true);
      expect((await Promise.all(burst.map(jobsFor))).every((jobs) => jobs.length === 1)).toBe(true);
    } finally {
      await fresh.onModuleDestroy();
    }
  }, 20_000);

  it('refuses a delivery for an organization deleted since its secret was read, storing nothing', async () => {
    const gone = await insertOrganization(db.dataSource, 'Gone');
    await db.dataSource.query(`DELETE FROM organizations WHERE id = $1`, [gone]);
    const delivery = sut.acceptWebhook({ organizationId: gone, ticketId: '1', payload: { ticket_id: '1' }, signatureTimestamp: new Date().toISOString() });
    await expect(delivery).rejects.toThrow(WebhookError);
    await expect(delivery).rejects.toMatchObject({ code: WebhookErrorCode.UnknownOrganization });
    expect(await db.dataSource.query(`SELECT 1 FROM webhook_events WHERE organization_id = $1`, [gone])).toEqual([]);
  });

  describe('deliveries that come together, written by one commit', () => {
    const eventsOf = (ticketIds: string[]): Promise<{ id: string; txid: string }[]> =>
      db.dataSource.query(`SELECT id, xmin::text AS txid FROM webhook_events WHERE ticket_id = ANY($1)`, [ticketIds]);
    const jobTransactions = async (ticketIds: string[]): Promise<string[]> =>
      (await db.dataSource.query(`SELECT DISTINCT xmin::text AS txid FROM pgboss.job WHERE name = 'assist-ticket' AND data->>'ticketId' = ANY($1)`, [ticketIds])).map(
        (row: { txid: string }) => row.txid,
      );

    it('stores concurrent deliveries of different tickets and their jobs in one transaction', async () => {
      const ticketIds = Array.from({ length: 12 }, () => String(++tickets));
      const accepted = await Promise.all(ticketIds.map(deliver));

      expect(accepted.every((a) => a.coalescedInto === null)).toBe(true);
      const events = await eventsOf(ticketIds);
      expect(events.map((e) => e.id).sort()).toEqual(accepted.map((a) => a.eventId).sort());
      expect(new Set(events.map((e) => e.txid)).size).toBe(1);
      expect(await jobTransactions(ticketIds)).toEqual([events[0].txid]);
      for (const a of accepted) expect(await jobsFor(a.ticketId)).toEqual([a.eventId]);
    });

    it('stores each payload of a commit as it came: quotes, backslashes, braces, commas and NULs made storable', async () => {
      const ticketIds = [String(++tickets), String(++tickets)];
      const payloads = [
        { ticket_id: ticketIds[0], subject: 'a "quoted", {braced} \\ back\\slashed, NULL' },
        { ticket_id: ticketIds[1], nested: ['x,y', { '"key"': 'caf\u00e9 \u{1F600}' }], nul: 'before\u0000after' },
      ];
      const signatureTimestamp = new Date().toISOString();
      const accepted = await Promise.all(payloads.map((payload, i) => sut.acceptWebhook({ organizationId, ticketId: ticketIds[i], payload, signatureTimestamp })));

      const stored = await db.dataSource.query(`SELECT id, payload FROM webhook_events WHERE id = ANY($1)`, [accepted.map((a) => a.eventId)]);
      const byId = new Map(stored.map((row: { id: string; payload: unknown }) => [row.id, row.payload]));
      expect(byId.get(accepted[0].eventId)).toEqual(payloads[0]);
      expect(byId.get(accepted[1].eventId)).toEqual({ ...payloads[1], nul: 'beforeafter' });
    });

    it("queues the jobs as pg-boss's send did: the configured retries with backoff, the queue's policy", async () => {
      const ticketId = String(++tickets);
      const first = await deliver(ticketId);
      await sut.deferJob(first, new Date());
      const jobs = await db.dataSource.query(
        `SELECT retry_limit, retry_delay, retry_backoff, expire_in, policy, priority, state, singleton_key, singleton_on, dead_letter,
                keep_until - start_after AS kept_for, data, data->>'deferredSince' IS NOT NULL AS deferred
           FROM pgboss.job WHERE name = 'assist-ticket' AND data->>'ticketId' = $1 ORDER BY deferred`,
        [ticketId],
      );
      expect(jobs).toHaveLength(2);
      const { deferred: _batched, data: batchedData, ...batched } = jobs[0];
      const { deferred: _sent, data: _sentData, ...sent } = jobs[1];
      expect(batched).toEqual(sent);
      expect(batched).toMatchObject({ retry_backoff: true, policy: 'standard', state: 'created' });
      expect(batchedData).toEqual({ eventId: first.eventId, organizationId, ticketId });
    });

    it('stores no delivery of a commit whose job pg-boss skipped (it skips a job it cannot place without a word)', async () => {
      // pg-boss's insert skips a job silently (a missing queue, a conflict): here a trigger drops the job of ticket 'skipped'.
      const skipped = String(++tickets);
      await db.dataSource.query(`
        CREATE FUNCTION skip_job() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.data->>'ticketId' = '${skipped}' THEN RETURN NULL; END IF;
          RETURN NEW;
        END $$;
        CREATE TRIGGER skip_job BEFORE INSERT ON pgboss.job FOR EACH ROW EXECUTE FUNCTION skip_job();`);
      try {
        const ticketIds = [String(++tickets), skipped];
        const answers = await Promise.allSettled(ticketIds.map(deliver));

        expect(answers).toEqual([
          { status: 'rejected', reason: expect.objectContaining({ message: expect.stringContaining('pg-boss queued 1 of 2 jobs') }) },
          { status: 'rejected', reason: expect.objectContaining({ message: expect.stringContaining('pg-boss queued 1 of 2 jobs') }) },
        ]);
        expect(await eventsOf(ticketIds)).toEqual([]);
        expect(await jobTransactions(ticketIds)).toEqual([]);
      } finally {
        await db.dataSource.query(`DROP TRIGGER skip_job ON pgboss.job; DROP FUNCTION skip_job();`);
      }
    });

    it("coalesces a ticket's deliveries of one commit into the first, which queues the ticket's only job", async () => {
      const ticketId = String(++tickets);
      const other = String(++tickets);
      const [first, second, unrelated, third] = await Promise.all([deliver(ticketId), deliver(ticketId), deliver(other), deliver(ticketId)]);

      expect(first.coalescedInto).toBeNull();
      expect(second.coalescedInto).toBe(first.eventId);
      expect(third.coalescedInto).toBe(first.eventId);
      expect(unrelated.coalescedInto).toBeNull();
      expect(new Set((await eventsOf([ticketId, other])).map((e) => e.txid)).size).toBe(1);
      expect(await jobsFor(ticketId)).toEqual([first.eventId]);
      expect(await reasons(ticketId)).toEqual([
        ['duplicate', first.eventId],
        ['duplicate', first.eventId],
      ]);
    });

    it("coalesces every delivery of one commit into the ticket's job already waiting", async () => {
      const ticketId = String(++tickets);
      const waiting = await deliver(ticketId);
      const batch = await Promise.all([deliver(ticketId), deliver(ticketId)]);

      expect(batch.map((a) => a.coalescedInto)).toEqual([waiting.eventId, waiting.eventId]);
      expect(await jobsFor(ticketId)).toEqual([waiting.eventId]);
    });

    it('refuses the delivery of an organization deleted meanwhile without undoing the others of its commit', async () => {
      const gone = await insertOrganization(db.dataSource, 'Gone meanwhile');
      await db.dataSource.query(`DELETE FROM organizations WHERE id = $1`, [gone]);
      const ticketIds = [String(++tickets), String(++tickets)];
      const signatureTimestamp = new Date().toISOString();
      const [kept, refused, alsoKept] = await Promise.allSettled([
        deliver(ticketIds[0]),
        sut.acceptWebhook({ organizationId: gone, ticketId: ticketIds[0], payload: { ticket_id: ticketIds[0] }, signatureTimestamp }),
        deliver(ticketIds[1]),
      ]);

      expect(refused).toMatchObject({ status: 'rejected', reason: { code: WebhookErrorCode.UnknownOrganization } });
      expect(kept.status).toBe('fulfilled');
      expect(alsoKept.status).toBe('fulfilled');
      const events = await eventsOf(ticketIds);
      expect(events).toHaveLength(2);
      expect(new Set(events.map((e) => e.txid)).size).toBe(1);
      expect((await Promise.all(ticketIds.map(jobsFor))).map((jobs) => jobs.length)).toEqual([1, 1]);
    });

    it('answers every delivery of a commit that failed with its error, and stores none of them', async () => {
      // A check run at COMMIT, failing it for the whole transaction when one of its events names ticket 'doomed'.
      const doomed = String(++tickets);
      await db.dataSource.query(`
        CREATE FUNCTION refuse_doomed_ticket() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.ticket_id = '${doomed}' THEN RAISE EXCEPTION 'commit refused'; END IF;
          RETURN NULL;
        END $$;
        CREATE CONSTRAINT TRIGGER refuse_doomed_ticket AFTER INSERT ON webhook_events
          DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_doomed_ticket();`);
      try {
        const ticketIds = [String(++tickets), doomed, String(++tickets)];
        const answers = await Promise.allSettled(ticketIds.map(deliver));

        expect(answers.map((a) => a.status)).toEqual(['rejected', 'rejected', 'rejected']);
        expect(await eventsOf(ticketIds)).toEqual([]);
        expect(await jobTransactions(ticketIds)).toEqual([]);
        expect(await db.dataSource.query(`SELECT 1 FROM ticket_waiting_jobs WHERE ticket_id = ANY($1)`, [ticketIds])).toEqual([]);
      } finally {
        await db.dataSource.query(`DROP TRIGGER refuse_doomed_ticket ON webhook_events; DROP FUNCTION refuse_doomed_ticket();`);
      }
      // The next commit is not held back by the failed one.
      const after = String(++tickets);
      expect((await deliver(after)).coalescedInto).toBeNull();
    });
  });

  it('claims the comment in the ticket read when asked: one of concurrent readers wins, a handed-off ticket is never claimed', async () => {
    const ticketId = String(++tickets);
    const events = await Promise.all(Array.from({ length: 6 }, () => deliver(ticketId)));
    const read = (eventId: string, claimTicket = ticketId) =>
      sut.recordTicketRead({ eventId, readFrom: null, organizationId, ticketId: claimTicket, claim: { commentId: 'c-1', windowHours: 48 } });
    const reads = await Promise.all(events.map((e) => read(e.eventId)));
    expect(reads.filter((r) => r.claimed === true)).toHaveLength(1);
    expect(reads.filter((r) => r.claimed === false)).toHaveLength(5);
    // The winner's retry claims again; nothing asked, nothing claimed.
    const winner = events[reads.findIndex((r) => r.claimed)];
    expect((await read(winner.eventId)).claimed).toBe(true);
    expect((await sut.recordTicketRead({ eventId: winner.eventId, readFrom: null, organizationId, ticketId })).claimed).toBeNull();

    const handedOff = String(++tickets);
    await sut.recordHandoff(organizationId, handedOff);
    const recorded = await read(events[0].eventId, handedOff);
    expect(recorded).toMatchObject({ handoff: true, claimed: null });
    expect(await db.dataSource.query(`SELECT 1 FROM comment_claims WHERE ticket_id = $1`, [handedOff])).toHaveLength(0);
  });
});
