import { LabelledTicket, StayQuietModel, StayQuietPredictor, stayQuietScores } from './cross-validation';

// The offline sourced rule shipped before the sourcing score, kept as the baseline it is compared with: sourced
// when the ticket names one of the best articles' titles or the best coverage reaches a threshold, that one
// number refitted on the training folds. It reads the `coverage` and `titleNamed` signals.

// Sourced when a title is named or the best coverage reaches the threshold. Its confidence orders tickets the
// same way: a named title first, then by coverage.
export function sourcedRule(minCoverage: number): StayQuietPredictor {
  return {
    abstainScore: (features) => -(2 * features.titleNamed + features.coverage),
    abstain: (features) => features.titleNamed !== 1 && features.coverage < minCoverage,
    parameters: { minCoverage },
  };
}

// The threshold with the best F1 on the training tickets, among those reaching `minPrecision` there (the best F1
// of all when none does); of equally good thresholds, the middle one.
export function sourcedRuleModel(options: { minPrecision: number }): StayQuietModel {
  return {
    name: options.minPrecision > 0 ? `coverage threshold, max F1 at P ≥ ${options.minPrecision}` : 'coverage threshold, max F1',
    fit(train: LabelledTicket[]): StayQuietPredictor {
      const labels = train.map((t) => t.shouldAbstain);
      const scored = candidateThresholds(train).map((threshold) => {
        const rule = sourcedRule(threshold);
        return { threshold, ...stayQuietScores(labels, train.map((t) => rule.abstain(t.features))) };
      });
      const eligible = scored.filter((s) => s.precision >= options.minPrecision);
      const pool = eligible.length > 0 ? eligible : scored;
      const bestF1 = Math.max(...pool.map((s) => s.f1));
      const best = pool.filter((s) => s.f1 === bestF1);
      return sourcedRule(best[Math.floor((best.length - 1) / 2)].threshold);
    },
  };
}

// Halfway between neighbouring coverages, and past both ends: every distinct way of splitting the tickets.
function candidateThresholds(train: LabelledTicket[]): number[] {
  const values = [...new Set(train.map((t) => t.features.coverage))].sort((a, b) => a - b);
  if (values.length === 0) return [0];
  return [0, ...values.slice(1).map((value, i) => (values[i] + value) / 2), values.at(-1)! + 0.01];
}
