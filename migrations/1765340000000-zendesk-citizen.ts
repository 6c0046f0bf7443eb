import { MigrationInterface, QueryRunner } from 'typeorm';

// A good Zendesk citizen: one request budget, Retry-After pause and circuit breaker per Zendesk account,
// shared by every instance; redeliveries of a ticket coalesced before any Zendesk read.
export class ZendeskCitizen1765340000000 implements MigrationInterface {
  name = 'ZendeskCitizen1765340000000';

  async up(db: QueryRunner): Promise<void> {
    // Zendesk Support's requests per minute for the organization's plan (Growth/Professional: 400).
    await db.query(`
      ALTER TABLE organizations ADD COLUMN zendesk_requests_per_minute integer NOT NULL DEFAULT 400
        CHECK (zendesk_requests_per_minute BETWEEN 10 AND 10000)`);
    // `account` is the Zendesk host. A token bucket (tokens as of refilled_at), the pause a Retry-After asked
    // for, and the breaker: consecutive failures, and while open (or its probe is out) when it may try again.
    await db.query(`
      CREATE TABLE zendesk_account_guards (
        account text PRIMARY KEY,
        tokens double precision NOT NULL DEFAULT 0,
        refilled_at timestamptz NOT NULL DEFAULT now() - interval '1 day',
        paused_until timestamptz,
        failures integer NOT NULL DEFAULT 0,
        failed_at timestamptz,
        open_until timestamptz
      )`);
    // The ticket's job that is queued and not started yet: later deliveries join it instead of queueing their own.
    await db.query(`
      CREATE TABLE ticket_waiting_jobs (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        ticket_id text NOT NULL,
        event_id uuid REFERENCES webhook_events(id) ON DELETE SET NULL,
        queued_at timestamptz,
        PRIMARY KEY (organization_id, ticket_id)
      )`);
    // read_at: when this event's run started reading the ticket (it saw every change announced before then).
    // coalesced_into: the event whose run covered this delivery; it never read Zendesk itself.
    await db.query(`
      ALTER TABLE webhook_events
        ADD COLUMN read_at timestamptz,
        ADD COLUMN coalesced_into uuid`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE webhook_events DROP COLUMN coalesced_into, DROP COLUMN read_at`);
    await db.query(`DROP TABLE ticket_waiting_jobs`);
    await db.query(`DROP TABLE zendesk_account_guards`);
    await db.query(`ALTER TABLE organizations DROP COLUMN zendesk_requests_per_minute`);
  }
}
