import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { StoredQuestion, StoredQuestions } from '../application/ports/stored-questions';

// `decision_questions` is written by the assist pipeline with each decision (PostgresAssistRecords.recordDecision);
// the topic tester is its only reader, so reading and erasing it live here.
@Injectable()
export class PostgresStoredQuestions extends StoredQuestions {
  constructor(@InjectDataSource() private readonly db: DataSource) {
    super();
  }

  async listSince(organizationId: string, since: Date, limit: number): Promise<StoredQuestion[]> {
    const rows: { decision_id: string; ticket_id: string; asked_at: Date; text: string; tags: string[] }[] = await this.db.query(
      `SELECT decision_id, ticket_id, asked_at, text, tags FROM decision_questions
        WHERE organization_id = $1 AND asked_at >= $2 ORDER BY asked_at DESC, decision_id DESC LIMIT $3`,
      [organizationId, since, limit],
    );
    return rows.map((row) => ({ decisionId: row.decision_id, ticketId: row.ticket_id, askedAt: row.asked_at, text: row.text, tags: row.tags }));
  }

  async eraseExpired(): Promise<number> {
    const [, erased]: [unknown, number] = await this.db.query(
      `DELETE FROM decision_questions q USING organizations o
        WHERE q.organization_id = o.id AND q.asked_at < now() - o.question_retention_days * interval '1 day'`,
    );
    return erased;
  }
}
