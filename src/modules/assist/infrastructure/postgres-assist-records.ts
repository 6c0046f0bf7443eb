import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AppConfig } from '../../../config/app-config';
import { DatabaseLocation } from '../../../shared/database/database.module';
import { queryPreparedOnPool, UNFLUSHED_COMMIT, unflushedCommit } from '../../../shared/database/prepared-statement';
import { exactTimestamp, Page, PageRequest, toPage } from '../../../shared/pagination/page';
import { JobQueue } from '../../../shared/queue/job-queue';
import { safeJson, safeText } from '../../../shared/text/safe-text';
import {
  AcceptedDelivery,
  AssistJob,
  COALESCED_REASON,
  Decision,
  DecisionRecord,
  RejectedWebhook,
  Suggestion,
  TicketRunStart,
  WebhookDelivery,
  WebhookEvent,
} from '../domain/decision';
import { claimConflict } from '../../dedupe/infrastructure/postgres-comment-claims';
import { AcceptanceCounts, AcceptanceReport, AssistRecords, DecisionFilter, emptyAcceptanceCounts, PostedNote, RecordedTicket, TicketRead } from '../application/ports/assist-records';
import { Acceptance, AcceptanceJudgement } from '../domain/reply-acceptance';
import { ASSIST_QUEUE, PostgresWebhookIntake } from './postgres-webhook-intake';

export { ASSIST_QUEUE };

// Refused deliveries kept per organization: enough to explain any recent ticket, bounded against a flood.
const REJECTIONS_KEPT = 1000;

// What the topic tester replays of a decision: enough of a ticket to classify it, not a pasted log.
const STORED_QUESTION_LENGTH = 4000;
const STORED_TAGS = 100;
const STORED_TAG_LENGTH = 200;

@Injectable()
export class PostgresAssistRecords extends AssistRecords {
  private readonly intake: PostgresWebhookIntake;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: JobQueue,
    private readonly config: AppConfig,
    private readonly location: DatabaseLocation,
  ) {
    super();
    this.intake = new PostgresWebhookIntake(db, queue, config, location);
  }

  acceptWebhook(event: WebhookEvent): Promise<AcceptedDelivery> {
    return this.intake.accept(event);
  }

  // Committed without waiting for the WAL flush (synchronous_commit off for this statement only, ~0.13 ms of the
  // database's CPU a ticket): nothing outside the database acts on it before a flushed commit that follows it in
  // the WAL, which keeps it too: the run's read mark (with the claim) comes before any Zendesk write, a coalesced
  // decision is flushed, and so is the intake of a delivery that found the slot cleared. A crash of the database
  // that loses it loses the rest of the run with it: the job is run again, from a slot still waiting.
  async beginTicketRun(job: AssistJob): Promise<TicketRunStart> {
    const [row] = await queryPreparedOnPool<{ read_from: Date; covered_by: string | null }[]>(
      this.db,
      this.location,
      `WITH ${unflushedCommit}, cleared AS (
         UPDATE ticket_waiting_jobs SET event_id = NULL, queued_at = NULL
          WHERE organization_id = $2 AND ticket_id = $3 AND event_id = $1 RETURNING 1
       )
       SELECT now() AS read_from, (SELECT count(*) FROM cleared) AS cleared,
              (SELECT other.id
                 FROM webhook_events me
                 JOIN webhook_events other ON other.organization_id = me.organization_id AND other.ticket_id = me.ticket_id
                WHERE me.id = $1 AND me.read_at IS NULL AND other.id <> me.id AND other.read_at > me.received_at
                ORDER BY other.read_at DESC LIMIT 1) AS covered_by
         FROM ${UNFLUSHED_COMMIT}`,
      [job.eventId, job.organizationId, job.ticketId],
    );
    return { coveredBy: row.covered_by, readFrom: row.read_from };
  }

  // One statement and one commit: the mark (when there is one to make), the claim (when asked for and the ticket
  // was not handed off, which the policy checks before claiming) and both reads.
  async recordTicketRead(read: TicketRead): Promise<RecordedTicket> {
    const rows = await queryPreparedOnPool<(SuggestionRow & { handoff: boolean; claimed: boolean | null })[]>(
      this.db,
      this.location,
      `WITH mark AS (
         UPDATE webhook_events SET read_at = greatest(read_at, $2) WHERE id = $1 AND $2::timestamptz IS NOT NULL
       ), handoff AS (
         SELECT EXISTS (SELECT 1 FROM handoff_tickets WHERE organization_id = $3 AND ticket_id = $4) AS handoff
       ), claim AS (
         INSERT INTO comment_claims (organization_id, ticket_id, comment_id, event_id)
         SELECT $3, $4, $5::text, $1 FROM handoff WHERE $5::text IS NOT NULL AND NOT handoff.handoff
         ${claimConflict('$6::int')}
       )
       SELECT ${suggestionColumnsOf('s')}, handoff.handoff,
              CASE WHEN $5::text IS NULL OR handoff.handoff THEN NULL ELSE EXISTS (SELECT 1 FROM claim) END AS claimed
         FROM handoff LEFT JOIN suggestions s ON s.organization_id = $3 AND s.ticket_id = $4
        ORDER BY s.created_at, s.id`,
      [read.eventId, read.readFrom, read.organizationId, read.ticketId, read.claim?.commentId ?? null, read.claim?.windowHours ?? null],
    );
    return { handoff: rows[0].handoff, claimed: rows[0].claimed, suggestions: rows.filter((row) => row.id !== null).map(toSuggestion) };
  }

  recordCoalesced(job: AssistJob, into: string, evidence: Record<string, unknown>): Promise<Decision> {
    return this.db.transaction((tx) => this.coalesce(tx, job, into, evidence));
  }

  async deferJob(job: AssistJob, startAfter: Date): Promise<void> {
    const deferred: AssistJob = { ...job, deferredSince: job.deferredSince ?? new Date().toISOString() };
    await this.db.transaction((tx) => this.queue.sendInTransaction(tx, ASSIST_QUEUE, deferred, { ...this.config.jobRetry, startAfter }));
  }

  private async coalesce(tx: EntityManager, job: AssistJob, into: string, evidence: Record<string, unknown>): Promise<Decision> {
    await tx.query(`UPDATE webhook_events SET coalesced_into = $2 WHERE id = $1`, [job.eventId, into]);
    const [row]: DecisionRow[] = await tx.query(
      `INSERT INTO decisions (organization_id, ticket_id, comment_id, event_id, outcome, reason, tags_applied, suggestion_id, evidence)
       VALUES ($1, $2, NULL, $3, 'skipped', $4, '{}', NULL, $5) RETURNING *`,
      [job.organizationId, job.ticketId, job.eventId, COALESCED_REASON, JSON.stringify({ ...evidence, coalescedInto: into })],
    );
    return toDecision(row);
  }

  async recordRejectedWebhook(rejection: RejectedWebhook): Promise<void> {
    await this.db.query(
      `INSERT INTO webhook_rejections (organization_id, ticket_id, verdict, signature_timestamp) VALUES ($1, $2, $3, $4)`,
      [rejection.organizationId, rejection.ticketId, rejection.verdict, rejection.signatureTimestamp],
    );
    await this.db.query(
      `DELETE FROM webhook_rejections WHERE id IN (
         SELECT id FROM webhook_rejections WHERE organization_id = $1 ORDER BY received_at DESC OFFSET $2)`,
      [rejection.organizationId, REJECTIONS_KEPT],
    );
  }

  async listWebhookDeliveries(organizationId: string, ticketId: string): Promise<WebhookDelivery[]> {
    const rows: { event_id: string | null; received_at: Date; verdict: WebhookDelivery['verdict']; signature_timestamp: string | null; coalesced_into: string | null }[] =
      await this.db.query(
        `SELECT id AS event_id, received_at, 'valid' AS verdict, signature_timestamp, coalesced_into
           FROM webhook_events WHERE organization_id = $1 AND ticket_id = $2
         UNION ALL
         SELECT NULL, received_at, verdict, signature_timestamp, NULL
           FROM webhook_rejections WHERE organization_id = $1 AND ticket_id = $2
         ORDER BY received_at`,
        [organizationId, ticketId],
      );
    return rows.map((row) => ({
      eventId: row.event_id,
      receivedAt: row.received_at,
      verdict: row.verdict,
      signatureTimestamp: row.signature_timestamp,
      coalescedInto: row.coalesced_into,
    }));
  }

  async findLatestWebhookDelivery(organizationId: string): Promise<(WebhookDelivery & { ticketId: string | null }) | null> {
    const [row]: { event_id: string | null; ticket_id: string | null; received_at: Date; verdict: WebhookDelivery['verdict']; signature_timestamp: string | null; coalesced_into: string | null }[] =
      await this.db.query(
        `(SELECT id AS event_id, ticket_id, received_at, 'valid' AS verdict, signature_timestamp, coalesced_into
            FROM webhook_events WHERE organization_id = $1 ORDER BY received_at DESC LIMIT 1)
         UNION ALL
         (SELECT NULL, ticket_id, received_at, verdict, signature_timestamp, NULL
            FROM webhook_rejections WHERE organization_id = $1 ORDER BY received_at DESC LIMIT 1)
         ORDER BY received_at DESC LIMIT 1`,
        [organizationId],
      );
    if (!row) return null;
    return {
      eventId: row.event_id,
      ticketId: row.ticket_id,
      receivedAt: row.received_at,
      verdict: row.verdict,
      signatureTimestamp: row.signature_timestamp,
      coalescedInto: row.coalesced_into,
    };
  }

  // Evidence quotes customers and error messages: made safe here, where it turns into jsonb. The classified text,
  // the note's posting and its new suggestion go in the same statement, so they are stored with the decision or
  // not at all. A suggestion's id is its event's and comment's (see the pipeline), so one another attempt saved
  // meanwhile is this one (ON CONFLICT), and the decision refers to it.
  async recordDecision(decision: DecisionRecord, postedNote?: PostedNote): Promise<Decision> {
    const classified = decision.classified;
    const suggestion = postedNote?.suggestion;
    const [row] = await queryPreparedOnPool<DecisionRow[]>(
      this.db,
      this.location,
      `WITH suggestion AS (
         INSERT INTO suggestions (id, organization_id, ticket_id, comment_id, event_id, question, reply, note_html, sources, sourced, posted_at, zendesk_comment_id)
         SELECT $14, $1, $2, $3, $4, $15, $16, $17, $18, $19, now(), $13 WHERE $14::uuid IS NOT NULL
         ON CONFLICT DO NOTHING
       ), decision AS (
         INSERT INTO decisions (organization_id, ticket_id, comment_id, event_id, outcome, reason, tags_applied, suggestion_id, evidence)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${DECISION_COLUMNS}
       ), question AS (
         INSERT INTO decision_questions (decision_id, organization_id, ticket_id, asked_at, text, tags)
         SELECT id, organization_id, ticket_id, created_at, $10, $11 FROM decision WHERE $10::text IS NOT NULL
       ), posted AS (
         UPDATE suggestions SET posted_at = now(), zendesk_comment_id = $13 WHERE id = $12 AND posted_at IS NULL
       )
       SELECT * FROM decision`,
      [
        decision.organizationId,
        decision.ticketId,
        decision.commentId,
        decision.eventId,
        decision.outcome,
        decision.reason,
        decision.tagsApplied,
        decision.suggestionId,
        JSON.stringify(safeJson(decision.evidence)),
        classified ? safeText(classified.text, STORED_QUESTION_LENGTH) : null,
        classified ? classified.tags.slice(0, STORED_TAGS).map((tag) => safeText(tag, STORED_TAG_LENGTH)) : null,
        postedNote?.suggestionId ?? null,
        postedNote?.zendeskCommentId ?? null,
        suggestion?.id ?? null,
        suggestion ? safeText(suggestion.question) : null,
        suggestion ? safeText(suggestion.reply) : null,
        suggestion ? safeText(suggestion.noteHtml) : null,
        suggestion ? JSON.stringify(safeJson(suggestion.sources)) : null,
        suggestion?.sourced ?? null,
      ],
    );
    return toDecision(row);
  }

  async listDecisions(organizationId: string, ticketId: string): Promise<Decision[]> {
    const rows: DecisionRow[] = await this.db.query(
      `SELECT * FROM decisions WHERE organization_id = $1 AND ticket_id = $2 ORDER BY created_at DESC, id`,
      [organizationId, ticketId],
    );
    return rows.map(toDecision);
  }

  async findDecisions(organizationId: string, filter: DecisionFilter, { limit, after }: PageRequest): Promise<Page<Decision>> {
    const rows: (DecisionRow & { page_at: string })[] = await this.db.query(
      `SELECT *, ${exactTimestamp('created_at')} AS page_at FROM decisions
        WHERE organization_id = $1
          AND ($2::text IS NULL OR ticket_id = $2) AND ($3::text IS NULL OR outcome = $3) AND ($4::text IS NULL OR reason = $4)
          AND ($5::timestamptz IS NULL OR created_at >= $5) AND ($6::timestamptz IS NULL OR created_at < $6)
          AND ($7::timestamptz IS NULL OR (created_at, id) < ($7::timestamptz, $8::uuid))
          AND ($10::text IS NULL OR evidence->'topics' @> jsonb_build_array(jsonb_build_object('name', $10::text)))
        ORDER BY created_at DESC, id DESC LIMIT $9`,
      [
        organizationId,
        filter.ticketId ?? null,
        filter.outcome ?? null,
        filter.reason ?? null,
        filter.from ?? null,
        filter.to ?? null,
        after?.at ?? null,
        after?.id ?? null,
        limit + 1,
        filter.topic ?? null,
      ],
    );
    return toPage(rows, limit, (row) => ({ at: row.page_at, id: row.id }), toDecision);
  }

  async countTopicMatches(organizationId: string): Promise<Map<string, number>> {
    const rows: { name: string; matches: string }[] = await this.db.query(
      `SELECT topic->>'name' AS name, count(*) AS matches
         FROM decisions d
         CROSS JOIN LATERAL jsonb_array_elements(CASE jsonb_typeof(d.evidence->'topics') WHEN 'array' THEN d.evidence->'topics' ELSE '[]' END) topic
        WHERE d.organization_id = $1
        GROUP BY 1`,
      [organizationId],
    );
    return new Map(rows.map((row) => [row.name, Number(row.matches)]));
  }

  async recordHandoff(organizationId: string, ticketId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO handoff_tickets (organization_id, ticket_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [organizationId, ticketId],
    );
  }

  async findSuggestion(id: string): Promise<Suggestion | null> {
    const [row]: SuggestionRow[] = await this.db.query(`SELECT * FROM suggestions WHERE id = $1`, [id]);
    return row ? toSuggestion(row) : null;
  }

  async listSuggestions(organizationId: string, ticketId: string): Promise<Suggestion[]> {
    const rows: SuggestionRow[] = await this.db.query(
      `SELECT * FROM suggestions WHERE organization_id = $1 AND ticket_id = $2 ORDER BY created_at, id`,
      [organizationId, ticketId],
    );
    return rows.map(toSuggestion);
  }

  async recordAcceptance(suggestionId: string, judgement: AcceptanceJudgement): Promise<boolean> {
    // The condition makes concurrent deliveries of one ticket serialise on the row: the first judgement stays.
    const [, updated]: [unknown, number] = await this.db.query(
      `UPDATE suggestions SET acceptance = $2, acceptance_similarity = $3, acceptance_comment_id = $4, judged_at = now()
        WHERE id = $1 AND acceptance IS NULL`,
      [suggestionId, judgement.acceptance, judgement.similarity, judgement.agentCommentId],
    );
    return updated === 1;
  }

  async reportAcceptance(organizationId: string, period: { from?: Date; to?: Date }): Promise<AcceptanceReport> {
    // One row per suggestion and group: a suggestion's topics come from the decision that posted it.
    const rows: { grouping: 'overall' | 'topic' | 'article'; key: string | null; title: string | null; acceptance: Acceptance | null; count: string }[] =
      await this.db.query(
        `WITH posted AS (
           SELECT id, sources, acceptance, reassigned_topic_id FROM suggestions
            WHERE organization_id = $1 AND posted_at IS NOT NULL
              AND ($2::timestamptz IS NULL OR posted_at >= $2) AND ($3::timestamptz IS NULL OR posted_at < $3)
         )
         SELECT 'overall' AS grouping, NULL AS key, NULL AS title, acceptance, count(*) AS count FROM posted GROUP BY acceptance
         UNION ALL
         SELECT 'topic', topic.name, NULL, p.acceptance, count(DISTINCT p.id)
           FROM posted p
           JOIN decisions d ON d.suggestion_id = p.id
           CROSS JOIN LATERAL jsonb_array_elements(CASE jsonb_typeof(d.evidence->'topics') WHEN 'array' THEN d.evidence->'topics' ELSE '[]' END) t
           CROSS JOIN LATERAL (SELECT t->>'name' AS name) topic
          WHERE p.reassigned_topic_id IS NULL
          GROUP BY topic.name, p.acceptance
         UNION ALL
         -- A rep reassigned the ticket's topic on the training page: that topic, not the matched ones.
         SELECT 'topic', t.name, NULL, p.acceptance, count(*)
           FROM posted p JOIN topics t ON t.id = p.reassigned_topic_id
          GROUP BY t.name, p.acceptance
         UNION ALL
         SELECT 'article', source->>'articleId', max(source->>'title'), p.acceptance, count(DISTINCT p.id)
           FROM posted p CROSS JOIN LATERAL jsonb_array_elements(p.sources) source
          GROUP BY source->>'articleId', p.acceptance`,
        [organizationId, period.from ?? null, period.to ?? null],
      );
    const report: AcceptanceReport = { overall: emptyAcceptanceCounts(), topics: [], articles: [] };
    const topics = new Map<string, AcceptanceCounts>();
    const articles = new Map<string, { articleId: string; title: string; counts: AcceptanceCounts }>();
    for (const row of rows) {
      let counts = report.overall;
      if (row.grouping === 'topic') {
        counts = topics.get(row.key!) ?? emptyAcceptanceCounts();
        topics.set(row.key!, counts);
      } else if (row.grouping === 'article') {
        const article = articles.get(row.key!) ?? { articleId: row.key!, title: row.title ?? '', counts: emptyAcceptanceCounts() };
        articles.set(row.key!, article);
        counts = article.counts;
      }
      counts[row.acceptance ?? 'pending'] += Number(row.count);
      counts.total += Number(row.count);
    }
    report.topics = [...topics].map(([topic, counts]) => ({ topic, counts })).sort((a, b) => a.topic.localeCompare(b.topic));
    report.articles = [...articles.values()].sort((a, b) => a.title.localeCompare(b.title));
    return report;
  }
}


// The columns the rows below are read from, named: a prepared statement's result may not change under its plan
// when a later migration adds a column, as `*` would.
const DECISION_COLUMNS = 'id, organization_id, ticket_id, comment_id, event_id, outcome, reason, tags_applied, suggestion_id, evidence, created_at';
const SUGGESTION_COLUMNS = [
  'id, organization_id, ticket_id, comment_id, event_id, question, reply, note_html, sources, sourced, posted_at, zendesk_comment_id, created_at',
  'acceptance, acceptance_similarity, acceptance_comment_id, judged_at, reassigned_topic_id',
].join(', ');
const suggestionColumnsOf = (alias: string) => SUGGESTION_COLUMNS.split(', ').map((column) => `${alias}.${column}`).join(', ');

interface DecisionRow {
  id: string;
  organization_id: string;
  ticket_id: string;
  comment_id: string | null;
  event_id: string | null;
  outcome: Decision['outcome'];
  reason: string;
  tags_applied: string[];
  suggestion_id: string | null;
  evidence: Record<string, unknown>;
  created_at: Date;
}

interface SuggestionRow {
  id: string;
  organization_id: string;
  ticket_id: string;
  comment_id: string;
  event_id: string;
  question: string;
  reply: string;
  note_html: string;
  sources: Suggestion['sources'];
  sourced: boolean;
  posted_at: Date | null;
  zendesk_comment_id: string | null;
  created_at: Date;
  acceptance: Acceptance | null;
  acceptance_similarity: number | null;
  acceptance_comment_id: string | null;
  judged_at: Date | null;
  reassigned_topic_id: string | null;
}

const toDecision = (row: DecisionRow): Decision => ({
  id: row.id,
  organizationId: row.organization_id,
  ticketId: row.ticket_id,
  commentId: row.comment_id,
  eventId: row.event_id,
  outcome: row.outcome,
  reason: row.reason,
  tagsApplied: row.tags_applied,
  suggestionId: row.suggestion_id,
  evidence: row.evidence,
  at: row.created_at,
});

const toSuggestion = (row: SuggestionRow): Suggestion => ({
  id: row.id,
  organizationId: row.organization_id,
  ticketId: row.ticket_id,
  commentId: row.comment_id,
  eventId: row.event_id,
  question: row.question,
  reply: row.reply,
  noteHtml: row.note_html,
  sources: row.sources,
  sourced: row.sourced,
  postedAt: row.posted_at,
  zendeskCommentId: row.zendesk_comment_id,
  createdAt: row.created_at,
  acceptance:
    row.acceptance === null
      ? null
      : { acceptance: row.acceptance, similarity: row.acceptance_similarity!, agentCommentId: row.acceptance_comment_id, judgedAt: row.judged_at! },
  reassignedTopicId: row.reassigned_topic_id,
});
