import { Injectable } from '@nestjs/common';
import { Embedder } from '../../llm/application/ports/embedder';
import { DecisionOutcome } from '../../assist/domain/decision';
import { bucketOf, bucketStarts, formatDay, InsightsBucket, insightsPeriod, InsightsPeriod } from '../domain/insights-period';
import { gapSimilarityThreshold, KnowledgeGap, knowledgeGaps } from '../domain/knowledge-gaps';
import { AcceptanceCounts, AssistRecords, emptyAcceptanceCounts } from '../../assist/application/ports/assist-records';
import { ArticleToFix, InsightsQueries } from './ports/insights-queries';

// Enough recent questions to see the patterns, few enough to embed in one call.
const GAP_QUESTIONS = 500;
const GAPS = 10;
const ARTICLES_TO_FIX = 20;

export interface Insights {
  // UTC days, `to` excluded.
  period: { from: string; to: string };
  // Decisions per day, zero-filled.
  suggestionsPerDay: ({ day: string } & Record<DecisionOutcome, number>)[];
  skipReasons: { reason: string; count: number }[];
  // Suggestions posted per day (per ISO week beyond 60 days), by what the reps did with them.
  acceptanceOverTime: { bucket: InsightsBucket; points: { start: string; counts: AcceptanceCounts }[] };
  acceptanceOverall: AcceptanceCounts;
  acceptanceByTopic: { topic: string; counts: AcceptanceCounts }[];
  articlesToFix: ArticleToFix[];
  // What reps did on the training pages in the period.
  training: TrainingActivity;
  // Recent questions Assist found no sourced answer for, grouped: the articles to write.
  knowledgeGaps: KnowledgeGap[];
}

export interface TrainingActivity {
  ratedGood: number;
  ratedNeedsWork: number;
  answersCorrected: number;
  articlesFixed: number;
  // Reassigned, taught with the ticket, or marked no-assist.
  topicsFixed: number;
}

// The admin dashboard's numbers for one organization and period.
@Injectable()
export class InsightsService {
  constructor(
    private readonly queries: InsightsQueries,
    private readonly records: AssistRecords,
    private readonly embedder: Embedder,
  ) {}

  async insights(organizationId: string, query: { from?: string; to?: string }, now = new Date()): Promise<Insights> {
    const period = insightsPeriod(query, now);
    const bucket = bucketOf(period);
    const [perDay, skipReasons, perBucket, acceptance, articlesToFix, trainingActions, gaps] = await Promise.all([
      this.queries.countDecisionsPerDay(organizationId, period),
      this.queries.countSkipReasons(organizationId, period),
      this.queries.countAcceptancePerBucket(organizationId, period, bucket),
      this.records.reportAcceptance(organizationId, period),
      this.queries.findArticlesToFix(organizationId, period, ARTICLES_TO_FIX),
      this.queries.countTrainingActions(organizationId, period),
      this.knowledgeGaps(organizationId, period),
    ]);

    const days = new Map(bucketStarts(period, 'day').map((day) => [day, { day, suggested: 0, skipped: 0, failed: 0 }]));
    for (const row of perDay) days.get(row.day)![row.outcome] += row.count;
    const points = new Map(bucketStarts(period, bucket).map((start) => [start, { start, counts: emptyAcceptanceCounts() }]));
    for (const row of perBucket) {
      const counts = points.get(row.start)!.counts;
      counts[row.acceptance ?? 'pending'] += row.count;
      counts.total += row.count;
    }

    const training: TrainingActivity = { ratedGood: 0, ratedNeedsWork: 0, answersCorrected: 0, articlesFixed: 0, topicsFixed: 0 };
    for (const { kind, rating, count } of trainingActions) {
      if (kind === 'rated') training[rating === 'good' ? 'ratedGood' : 'ratedNeedsWork'] += count;
      else if (kind === 'answer_corrected') training.answersCorrected += count;
      else if (kind === 'article_fixed') training.articlesFixed += count;
      else training.topicsFixed += count;
    }

    return {
      period: { from: formatDay(period.from), to: formatDay(period.to) },
      suggestionsPerDay: [...days.values()],
      skipReasons,
      acceptanceOverTime: { bucket, points: [...points.values()] },
      acceptanceOverall: acceptance.overall,
      acceptanceByTopic: acceptance.topics,
      articlesToFix,
      training,
      knowledgeGaps: gaps,
    };
  }

  private async knowledgeGaps(organizationId: string, period: InsightsPeriod): Promise<KnowledgeGap[]> {
    const questions = await this.queries.findGapQuestions(organizationId, period, GAP_QUESTIONS);
    if (questions.length === 0) return [];
    const vectors = await this.embedder.embed(questions.map((q) => q.question));
    return knowledgeGaps(questions, vectors, gapSimilarityThreshold(this.embedder.model), GAPS);
  }
}

