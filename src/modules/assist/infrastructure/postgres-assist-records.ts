import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../../config/app-config';
import { JobQueue, QueueDefinition } from '../../../shared/queue/job-queue';
import { AssistJob, Decision, DecisionRecord, Suggestion, WebhookEvent } from '../domain/decision';
import { AssistRecords } from '../application/ports/assist-records';

export const ASSIST_QUEUE: QueueDefinition = { name: 'assist-ticket', policy: 'standard' };

@Injectable()
export class PostgresAssistRecords extends AssistRecords {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: JobQueue,
    private readonly config: AppConfig,
  ) {
    super();
  }

  acceptWebhook(event: WebhookEvent): Promise<AssistJob> {
    return this.db.transaction(async (tx) => {
      const [row]: { id: string }[] = await tx.query(
        `INSERT INTO webhook_events (organization_id, ticket_id, payload, signature_timestamp)
         VALUES ($1, $2, $3, $4) RETURNING id`,
        [event.organizationId, event.ticketId, JSON.stringify(event.payload), event.signatureTimestamp],
      );
      const job: AssistJob = { eventId: row.id, organizationId: event.organizationId, ticketId: event.ticketId };
      await this.queue.sendInTransaction(tx, ASSIST_QUEUE, job, this.config.jobRetry);
      return job;
    });
  }

  async recordDecision(decision: DecisionRecord): Promise<Decision> {
    const [row]: DecisionRow[] = await this.db.query(
      `INSERT INTO decisions (organization_id, ticket_id, comment_id, event_id, outcome, reason, tags_applied, suggestion_id, evidence)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
      [
        decision.organizationId,
        decision.ticketId,
        decision.commentId,
        decision.eventId,
        decision.outcome,
        decision.reason,
        decision.tagsApplied,
        decision.suggestionId,
        JSON.stringify(decision.evidence),
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

  async recordHandoff(organizationId: string, ticketId: string): Promise<void> {
    await this.db.query(
      `INSERT INTO handoff_tickets (organization_id, ticket_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [organizationId, ticketId],
    );
  }

  async isHandoffTicket(organizationId: string, ticketId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM handoff_tickets WHERE organization_id = $1 AND ticket_id = $2`,
      [organizationId, ticketId],
    );
    return rows.length > 0;
  }

  async saveSuggestion(s: Omit<Suggestion, 'postedAt' | 'createdAt'>): Promise<Suggestion> {
    const [row]: SuggestionRow[] = await this.db.query(
      `INSERT INTO suggestions (id, organization_id, ticket_id, comment_id, event_id, question, reply, note_html, sources, sourced)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
      [s.id, s.organizationId, s.ticketId, s.commentId, s.eventId, s.question, s.reply, s.noteHtml, JSON.stringify(s.sources), s.sourced],
    );
    return toSuggestion(row);
  }

  async findSuggestion(id: string): Promise<Suggestion | null> {
    const [row]: SuggestionRow[] = await this.db.query(`SELECT * FROM suggestions WHERE id = $1`, [id]);
    return row ? toSuggestion(row) : null;
  }

  async findSuggestionForEvent(eventId: string, commentId: string): Promise<Suggestion | null> {
    const [row]: SuggestionRow[] = await this.db.query(
      `SELECT * FROM suggestions WHERE event_id = $1 AND comment_id = $2`,
      [eventId, commentId],
    );
    return row ? toSuggestion(row) : null;
  }

  async markSuggestionPosted(id: string): Promise<void> {
    await this.db.query(`UPDATE suggestions SET posted_at = now() WHERE id = $1 AND posted_at IS NULL`, [id]);
  }
}

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
  created_at: Date;
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
  createdAt: row.created_at,
});
