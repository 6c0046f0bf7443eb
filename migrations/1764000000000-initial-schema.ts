import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS vector`);
    await db.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        zendesk_base_url text NOT NULL,
        zendesk_email text NOT NULL,
        zendesk_api_token_encrypted text NOT NULL,
        webhook_signing_secret_encrypted text NOT NULL,
        assist_enabled boolean NOT NULL DEFAULT false,
        respond_only_with_potential_answers boolean NOT NULL DEFAULT false,
        handoff_tag text NOT NULL DEFAULT 'opencx_handedoff',
        dedupe_window_hours integer NOT NULL DEFAULT 48,
        sign_off text NOT NULL DEFAULT 'Best regards',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE topics (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        keywords text[] NOT NULL DEFAULT '{}',
        no_assist boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX topics_org_name_key ON topics (organization_id, lower(name))`);
    await db.query(`
      CREATE TABLE kb_articles (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        external_id text NOT NULL,
        locale text NOT NULL,
        title text NOT NULL,
        body_html text NOT NULL,
        url text NOT NULL,
        content_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (organization_id, external_id, locale)
      )`);
    // Dimension is left open: it depends on EMBEDDING_MODEL, stored beside every vector.
    await db.query(`
      CREATE TABLE kb_chunks (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        article_id uuid NOT NULL REFERENCES kb_articles(id) ON DELETE CASCADE,
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        ordinal integer NOT NULL,
        content text NOT NULL,
        embedding vector NOT NULL,
        embedding_model text NOT NULL,
        tsv tsvector GENERATED ALWAYS AS (to_tsvector('english', content)) STORED
      )`);
    await db.query(`CREATE INDEX kb_chunks_org_idx ON kb_chunks (organization_id, embedding_model)`);
    await db.query(`CREATE INDEX kb_chunks_tsv_idx ON kb_chunks USING gin (tsv)`);
    await db.query(`
      CREATE TABLE webhook_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        ticket_id text NOT NULL,
        payload jsonb NOT NULL,
        signature_timestamp text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX webhook_events_ticket_idx ON webhook_events (organization_id, ticket_id, received_at DESC)`);
    // One row per (ticket, customer comment): the unique key is what makes "no duplicate, ever" hold
    // under concurrent redelivery. The owning event may re-claim on retries; others only after the window.
    await db.query(`
      CREATE TABLE comment_claims (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        ticket_id text NOT NULL,
        comment_id text NOT NULL,
        event_id uuid NOT NULL,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, ticket_id, comment_id)
      )`);
    await db.query(`
      CREATE TABLE handoff_tickets (
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        ticket_id text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (organization_id, ticket_id)
      )`);
    await db.query(`
      CREATE TABLE suggestions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        ticket_id text NOT NULL,
        comment_id text NOT NULL,
        event_id uuid NOT NULL,
        question text NOT NULL,
        reply text NOT NULL,
        note_html text NOT NULL,
        sources jsonb NOT NULL,
        sourced boolean NOT NULL,
        posted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (event_id, comment_id)
      )`);
    await db.query(`
      CREATE TABLE decisions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organization_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
        ticket_id text NOT NULL,
        comment_id text,
        event_id uuid,
        outcome text NOT NULL CHECK (outcome IN ('suggested', 'skipped', 'failed')),
        reason text NOT NULL,
        tags_applied text[] NOT NULL DEFAULT '{}',
        suggestion_id uuid REFERENCES suggestions(id) ON DELETE SET NULL,
        evidence jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await db.query(`CREATE INDEX decisions_ticket_idx ON decisions (organization_id, ticket_id, created_at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['decisions', 'suggestions', 'handoff_tickets', 'comment_claims', 'webhook_events', 'kb_chunks', 'kb_articles', 'topics', 'organizations']) {
      await db.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
