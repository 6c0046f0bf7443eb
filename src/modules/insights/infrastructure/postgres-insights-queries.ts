import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ArticleToFix, InsightsQueries } from '../application/ports/insights-queries';
import { DecisionOutcome } from '../../assist/domain/decision';
import { InsightsBucket, InsightsPeriod } from '../domain/insights-period';
import { GapQuestion } from '../domain/knowledge-gaps';
import { Acceptance } from '../../assist/domain/reply-acceptance';
import { DraftRating, TrainingActionKind } from '../../assist/domain/training-action';

@Injectable()
export class PostgresInsightsQueries extends InsightsQueries {
  constructor(@InjectDataSource() private readonly db: DataSource) {
    super();
  }

  async countDecisionsPerDay(organizationId: string, period: InsightsPeriod) {
    const rows: { day: string; outcome: DecisionOutcome; count: string }[] = await this.db.query(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, outcome, count(*) AS count
         FROM decisions WHERE organization_id = $1 AND created_at >= $2 AND created_at < $3
        GROUP BY 1, 2`,
      [organizationId, period.from, period.to],
    );
    return rows.map((row) => ({ ...row, count: Number(row.count) }));
  }

  async countSkipReasons(organizationId: string, period: InsightsPeriod) {
    const rows: { reason: string; count: string }[] = await this.db.query(
      `SELECT reason, count(*) AS count
         FROM decisions WHERE organization_id = $1 AND outcome = 'skipped' AND created_at >= $2 AND created_at < $3
        GROUP BY reason ORDER BY count(*) DESC, reason`,
      [organizationId, period.from, period.to],
    );
    return rows.map((row) => ({ reason: row.reason, count: Number(row.count) }));
  }

  async countTrainingActions(organizationId: string, period: InsightsPeriod) {
    const rows: { kind: TrainingActionKind; rating: DraftRating | null; count: string }[] = await this.db.query(
      `SELECT kind, rating, count(*) AS count
         FROM training_actions WHERE organization_id = $1 AND created_at >= $2 AND created_at < $3
        GROUP BY kind, rating`,
      [organizationId, period.from, period.to],
    );
    return rows.map((row) => ({ ...row, count: Number(row.count) }));
  }

  async countAcceptancePerBucket(organizationId: string, period: InsightsPeriod, bucket: InsightsBucket) {
    const rows: { start: string; acceptance: Acceptance | null; count: string }[] = await this.db.query(
      `SELECT to_char(date_trunc($4, posted_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS start, acceptance, count(*) AS count
         FROM suggestions WHERE organization_id = $1 AND posted_at >= $2 AND posted_at < $3
        GROUP BY 1, 2`,
      [organizationId, period.from, period.to, bucket],
    );
    return rows.map((row) => ({ ...row, count: Number(row.count) }));
  }

  async findArticlesToFix(organizationId: string, period: InsightsPeriod, limit: number): Promise<ArticleToFix[]> {
    const rows: (Record<Acceptance | 'pending' | 'total', string> & { article_id: string; title: string; url: string })[] = await this.db.query(
      `WITH cited AS (
         SELECT DISTINCT s.id, s.acceptance, source->>'articleId' AS article_id, source->>'title' AS title, source->>'url' AS url
           FROM suggestions s CROSS JOIN LATERAL jsonb_array_elements(s.sources) source
          WHERE s.organization_id = $1 AND s.posted_at >= $2 AND s.posted_at < $3
       )
       SELECT article_id, max(title) AS title, max(url) AS url,
              count(*) FILTER (WHERE acceptance = 'as_is') AS as_is,
              count(*) FILTER (WHERE acceptance = 'lightly_edited') AS lightly_edited,
              count(*) FILTER (WHERE acceptance = 'heavily_edited') AS heavily_edited,
              count(*) FILTER (WHERE acceptance = 'ignored') AS ignored,
              count(*) FILTER (WHERE acceptance IS NULL) AS pending,
              count(*) AS total
         FROM cited GROUP BY article_id
       HAVING count(*) FILTER (WHERE acceptance IN ('heavily_edited', 'ignored')) > 0
        ORDER BY count(*) FILTER (WHERE acceptance IN ('heavily_edited', 'ignored')) DESC, max(title), article_id
        LIMIT $4`,
      [organizationId, period.from, period.to, limit],
    );
    return rows.map((row) => {
      const counts = {
        as_is: Number(row.as_is),
        lightly_edited: Number(row.lightly_edited),
        heavily_edited: Number(row.heavily_edited),
        ignored: Number(row.ignored),
        pending: Number(row.pending),
        total: Number(row.total),
      };
      const judged = counts.total - counts.pending;
      const toFixShare = Math.round(((counts.heavily_edited + counts.ignored) / judged) * 1000) / 1000;
      return { articleId: row.article_id, title: row.title, url: row.url, counts, toFixShare };
    });
  }

  async findGapQuestions(organizationId: string, period: InsightsPeriod, limit: number): Promise<GapQuestion[]> {
    // Decisions before the question was recorded in the evidence have none: they cannot be clustered.
    const rows: { ticket_id: string; question: string; created_at: Date }[] = await this.db.query(
      `SELECT * FROM (
         SELECT DISTINCT ON (ticket_id) ticket_id, evidence->>'question' AS question, created_at
           FROM decisions
          WHERE organization_id = $1 AND outcome = 'skipped' AND reason = 'not_helpful_answer'
            AND created_at >= $2 AND created_at < $3 AND coalesce(evidence->>'question', '') <> ''
          ORDER BY ticket_id, created_at DESC, id DESC
       ) latest ORDER BY created_at DESC, ticket_id LIMIT $4`,
      [organizationId, period.from, period.to, limit],
    );
    return rows.map((row) => ({ ticketId: row.ticket_id, question: row.question, at: row.created_at }));
  }
}
