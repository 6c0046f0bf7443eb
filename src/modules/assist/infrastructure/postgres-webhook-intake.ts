import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../../config/app-config';
import { DatabaseLocation } from '../../../shared/database/database.module';
import { GroupCommit } from '../../../shared/database/group-commit';
import { poolOf, preparedStatement } from '../../../shared/database/prepared-statement';
import { JobQueue, QueueDefinition } from '../../../shared/queue/job-queue';
import { safeJson } from '../../../shared/text/safe-text';
import { WebhookError, WebhookErrorCode } from '../application/webhook-intake.service';
import { AcceptedDelivery, AssistJob, COALESCED_REASON, WebhookEvent } from '../domain/decision';

export const ASSIST_QUEUE: QueueDefinition = { name: 'assist-ticket', policy: 'standard' };

// A waiting job is joined only if it was queued this recently: should its job ever vanish unstarted (pg-boss
// retention, an operator's cleanup), deliveries after that queue their own instead of joining nothing.
const WAITING_JOB_TRUSTED_SECONDS = 3600;

// Deliveries written by one commit at most: a few hundred rows keep the statement and its locks short.
const DELIVERIES_PER_COMMIT = 256;

// Webhook intake by group commit: the deliveries that come while a commit is in flight are written together
// by the next one, each answered only once that commit is done. One statement whatever its size (its own
// transaction, one round trip): the tickets' waiting slots, the events, the coalesced decisions and pg-boss's
// jobs (its own insert, `JobQueue.insertJobsPart`).
//
// Each ticket's waiting slot serialises its deliveries: INSERT … ON CONFLICT DO UPDATE locks the row and reads
// its latest committed version, so one delivery takes the slot and queues a job, the later ones join it (a
// `duplicate` decision each). Within one commit a ticket's first delivery stands for it at the slot and the
// others join whatever the slot holds. Slots are locked in (organization, ticket) order, so two commits (here
// or on another instance) never wait for each other in a circle.
//
// A delivery whose organization was deleted after its secret was read is left out by the statement (the
// organizations read are locked until the commit, so none can go meanwhile and fail the others' insert):
// refused alone, with a 404, the others stand.
export class PostgresWebhookIntake {
  // The pool's client directly: TypeORM's query runner adds a few µs a statement and nothing this one needs.
  private readonly pool: Pool;
  private readonly deliveries = new GroupCommit<WebhookEvent, AcceptedDelivery>((events) => this.commit(events), DELIVERIES_PER_COMMIT);

  constructor(
    db: DataSource,
    private readonly queue: JobQueue,
    private readonly config: AppConfig,
    private readonly location: DatabaseLocation,
  ) {
    this.pool = poolOf(db);
  }

  accept(event: WebhookEvent): Promise<AcceptedDelivery> {
    return this.deliveries.submit(event);
  }

  private async commit(events: WebhookEvent[]): Promise<(AcceptedDelivery | WebhookError)[]> {
    const jobs: AssistJob[] = events.map((event) => ({ eventId: randomUUID(), organizationId: event.organizationId, ticketId: event.ticketId }));
    // The jobs of the deliveries that took their ticket's slot, found by their position among the deliveries.
    const queueing = await this.queue.insertJobsPart(ASSIST_QUEUE, jobs, this.config.jobRetry, 8, `SELECT position FROM delivery JOIN stored USING (id) WHERE coalesced_into IS NULL`);
    const text = `WITH delivery AS (
         SELECT d.* FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY
                  AS d(id, organization_id, ticket_id, payload, signature_timestamp, position)
          WHERE d.organization_id IN (SELECT id FROM organizations WHERE id = ANY($2::uuid[]) FOR KEY SHARE)
       ), slot AS (
         INSERT INTO ticket_waiting_jobs AS waiting (organization_id, ticket_id, event_id, queued_at)
         SELECT DISTINCT ON (organization_id, ticket_id) organization_id, ticket_id, id, now()
           FROM delivery ORDER BY organization_id, ticket_id, position
         ON CONFLICT (organization_id, ticket_id) DO UPDATE
            SET event_id = CASE WHEN waiting.event_id IS NOT NULL AND waiting.queued_at > now() - $6::float8 * interval '1 second'
                                THEN waiting.event_id ELSE excluded.event_id END,
                queued_at = CASE WHEN waiting.event_id IS NOT NULL AND waiting.queued_at > now() - $6::float8 * interval '1 second'
                                 THEN waiting.queued_at ELSE now() END
         RETURNING organization_id, ticket_id, event_id
       ), stored AS (
         INSERT INTO webhook_events (id, organization_id, ticket_id, payload, signature_timestamp, coalesced_into)
         SELECT d.id, d.organization_id, d.ticket_id, d.payload::jsonb, d.signature_timestamp, NULLIF(slot.event_id, d.id)
           FROM delivery d JOIN slot USING (organization_id, ticket_id)
         RETURNING id, organization_id, ticket_id, coalesced_into
       ), joined AS (
         INSERT INTO decisions (organization_id, ticket_id, comment_id, event_id, outcome, reason, tags_applied, suggestion_id, evidence)
         SELECT organization_id, ticket_id, NULL, id, 'skipped', $7, '{}', NULL, jsonb_build_object('coalescedAt', 'intake', 'coalescedInto', coalesced_into)
           FROM stored WHERE coalesced_into IS NOT NULL
       ), queued AS (
         ${queueing.sql}
       ), counted AS (
         SELECT (SELECT count(*) FROM queued) AS queued, (SELECT count(*) FROM stored WHERE coalesced_into IS NULL) AS expected
       )
       -- A job pg-boss skipped fails the whole statement (an error raised by the cast): no event is stored without its job.
       SELECT id, coalesced_into,
              CASE WHEN queued <> expected THEN concat('pg-boss queued ', queued, ' of ', expected, ' jobs')::int END AS unqueued
         FROM stored, counted`;
    const values = [
      jobs.map((job) => job.eventId),
      events.map((event) => event.organizationId),
      events.map((event) => event.ticketId),
      events.map((event) => JSON.stringify(safeJson(event.payload))),
      events.map((event) => event.signatureTimestamp),
      WAITING_JOB_TRUSTED_SECONDS,
      COALESCED_REASON,
      ...queueing.parameters,
    ];
    // Prepared once per connection: PostgreSQL then runs its generic plan, where parsing and planning this text
    // anew cost about as much as running it for a few deliveries (~0.9 ms a commit).
    const { rows } = await this.pool.query<{ id: string; coalesced_into: string | null }>(this.location.embedded ? { text, values } : preparedStatement(text, values));
    const stored = new Map(rows.map((row) => [row.id, row.coalesced_into]));
    return jobs.map((job) => {
      const into = stored.get(job.eventId);
      if (into === undefined) return new WebhookError(WebhookErrorCode.UnknownOrganization, `Organization ${job.organizationId} not found`);
      return { ...job, coalescedInto: into };
    });
  }
}
