import { auroc, crossValidate, LabelledTicket, riskAtCoverage, scoreTransfer, seededRandom, StayQuietModel, stayQuietScores, stratifiedFolds } from './cross-validation';
import { sourcedRule, sourcedRuleModel } from './sourced-rule-model';

const ticket = (id: number, shouldAbstain: boolean, coverage: number, titleNamed = 0): LabelledTicket => ({
  id: String(id),
  features: { id, coverage, titleNamed },
  shouldAbstain,
});

// 20 answerable tickets with coverage 0.6–0.98, 10 unanswerable with 0.2–0.65: they overlap a little.
const tickets = [
  ...Array.from({ length: 20 }, (_, i) => ticket(i, false, 0.6 + i * 0.02)),
  ...Array.from({ length: 10 }, (_, i) => ticket(20 + i, true, 0.2 + i * 0.05)),
];
const options = { folds: 5, repeats: 4, seed: 7, coverages: [0.5, 1] };

describe('stratifiedFolds', () => {
  it('puts the same share of each class in every fold, the same way for the same seed', () => {
    const labels = tickets.map((t) => t.shouldAbstain);
    const folds = stratifiedFolds(labels, 5, seededRandom(1));
    for (let fold = 0; fold < 5; fold++) {
      expect(labels.filter((l, i) => l && folds[i] === fold)).toHaveLength(2);
      expect(labels.filter((l, i) => !l && folds[i] === fold)).toHaveLength(4);
    }
    expect(stratifiedFolds(labels, 5, seededRandom(1))).toEqual(folds);
    expect(stratifiedFolds(labels, 5, seededRandom(2))).not.toEqual(folds);
  });
});

describe('scores', () => {
  it('counts staying quiet as the positive class', () => {
    expect(stayQuietScores([true, true, false, false], [true, false, true, false])).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(stayQuietScores([true, false], [false, false])).toEqual({ precision: 0, recall: 0, f1: 0 });
  });

  it('ranks unanswerable tickets above answerable ones for AUROC, ties counting half', () => {
    expect(auroc([true, true, false, false], [0.9, 0.8, 0.1, 0.2])).toBe(1);
    expect(auroc([true, false], [0.5, 0.5])).toBe(0.5);
    expect(auroc([true, true, false, false], [0.9, 0.1, 0.5, 0.2])).toBe(0.5);
  });

  it('reads the error among the tickets answered at a coverage', () => {
    const labels = [false, false, true, true];
    const scores = [0.1, 0.3, 0.2, 0.9];
    expect(riskAtCoverage(labels, scores, 0.5)).toBe(0.5);
    expect(riskAtCoverage(labels, scores, 0.25)).toBe(0);
    expect(riskAtCoverage(labels, scores, 1)).toBe(0.5);
  });
});

describe('crossValidate', () => {
  // Remembers the training labels: any leak of a test ticket into training would show as recall.
  const memorizer: StayQuietModel = {
    name: 'memorizer',
    fit(train) {
      const seen = new Map(train.map((t) => [t.features.id, t.shouldAbstain]));
      return { abstain: (f) => seen.get(f.id) ?? false, abstainScore: (f) => (seen.get(f.id) ? 1 : 0), parameters: { size: seen.size } };
    },
  };

  it('never predicts a ticket with a model fitted on it', () => {
    const result = crossValidate(tickets, memorizer, options);
    expect(result.recall.mean).toBe(0);
    expect(result.parameters.size).toEqual({ min: 24, median: 24, max: 24 });
  });

  it("adds another dataset to every fold's training tickets, never testing on it", () => {
    const other = tickets.map((t) => ({ ...t, id: `other-${t.id}`, features: { ...t.features, id: 100 + t.features.id } }));
    const result = crossValidate(tickets, memorizer, options, other);
    expect(result.recall.mean).toBe(0);
    expect(result.parameters.size).toEqual({ min: 54, median: 54, max: 54 });
  });

  it('scores a model fitted on one dataset on another', () => {
    const other = tickets.map((t) => ({ ...t, features: { ...t.features, id: 100 + t.features.id } }));
    expect(scoreTransfer(other, tickets, memorizer, [1])).toMatchObject({ recall: 0, coverage: 1, parameters: { size: 30 } });
    expect(scoreTransfer(tickets, tickets, sourcedRuleModel({ minPrecision: 0 }), [1]).f1).toBeGreaterThan(0.7);
  });

  it('refits the sourced rule inside each fold and reports its figures across repeats', () => {
    const result = crossValidate(tickets, sourcedRuleModel({ minPrecision: 0 }), options);
    expect(result.model).toBe('coverage threshold, max F1');
    expect(result.f1.mean).toBeGreaterThan(0.7);
    expect(result.auroc.mean).toBeCloseTo(auroc(tickets.map((t) => t.shouldAbstain), tickets.map((t) => -t.features.coverage)), 10);
    expect(result.parameters.minCoverage.min).toBeGreaterThanOrEqual(0.5);
    expect(result.parameters.minCoverage.max).toBeLessThan(0.7);
    expect(result.riskCoverage.map((point) => point.coverage)).toEqual([0.5, 1]);
    expect(result.riskCoverage[1].error.mean).toBeCloseTo(10 / 30, 10);
    expect(result.riskCoverage[0].error.mean).toBe(0);
  });

  it('gives the same figures for the same seed', () => {
    expect(crossValidate(tickets, sourcedRuleModel({ minPrecision: 0 }), options)).toEqual(crossValidate(tickets, sourcedRuleModel({ minPrecision: 0 }), options));
  });
});
