import { DecisionOutcome } from '../../../assist/domain/decision';
import { InsightsBucket, InsightsPeriod } from '../../domain/insights-period';
import { GapQuestion } from '../../domain/knowledge-gaps';
import { Acceptance } from '../../../assist/domain/reply-acceptance';
import { DraftRating, TrainingActionKind } from '../../../assist/domain/training-action';
import { AcceptanceCounts } from '../../../assist/application/ports/assist-records';

// An article the suggestions cited, with what reps did with those suggestions.
export interface ArticleToFix {
  articleId: string;
  title: string;
  url: string;
  counts: AcceptanceCounts;
  // Heavily edited or ignored, of the judged suggestions citing it (0 to 1).
  toFixShare: number;
}

// The dashboard's aggregates over the decision log and the suggestions, in whole UTC days of the period.
export abstract class InsightsQueries {
  // Decisions made in the period, per UTC day ('YYYY-MM-DD') and outcome.
  abstract countDecisionsPerDay(organizationId: string, period: InsightsPeriod): Promise<{ day: string; outcome: DecisionOutcome; count: number }[]>;
  // Skips made in the period by reason, most frequent first.
  abstract countSkipReasons(organizationId: string, period: InsightsPeriod): Promise<{ reason: string; count: number }[]>;
  // Suggestions posted in the period, per bucket (its first day) and acceptance (null while pending).
  abstract countAcceptancePerBucket(
    organizationId: string,
    period: InsightsPeriod,
    bucket: InsightsBucket,
  ): Promise<{ start: string; acceptance: Acceptance | null; count: number }[]>;
  // Articles behind the most heavily edited or ignored suggestions posted in the period; only those with one or more.
  abstract findArticlesToFix(organizationId: string, period: InsightsPeriod, limit: number): Promise<ArticleToFix[]>;
  // What reps did on training pages in the period, by kind (and rating).
  abstract countTrainingActions(organizationId: string, period: InsightsPeriod): Promise<{ kind: TrainingActionKind; rating: DraftRating | null; count: number }[]>;
  // The questions of the period's latest `not_helpful_answer` skips, one per ticket (its latest), newest first.
  abstract findGapQuestions(organizationId: string, period: InsightsPeriod, limit: number): Promise<GapQuestion[]>;
}
