import { LabelledTicket, stayQuietScores } from './cross-validation';
import { sourcedRule, sourcedRuleModel } from './sourced-rule-model';

const ticket = (id: number, shouldAbstain: boolean, coverage: number): LabelledTicket => ({ id: String(id), features: { coverage, titleNamed: 0 }, shouldAbstain });
const tickets = [
  ...Array.from({ length: 20 }, (_, i) => ticket(i, false, 0.6 + i * 0.02)),
  ...Array.from({ length: 10 }, (_, i) => ticket(20 + i, true, 0.2 + i * 0.05)),
];

describe('sourcedRuleModel', () => {
  it('fits the threshold with the best F1 on the training tickets', () => {
    // Answerable from 0.60, unanswerable up to 0.65: cutting between 0.60 and 0.62 misses one of each (F1 0.9).
    expect(sourcedRuleModel({ minPrecision: 0 }).fit(tickets).parameters.minCoverage).toBeCloseTo(0.61, 5);
  });

  it('is sourced by a named title whatever the coverage', () => {
    expect(sourcedRule(0.65).abstain({ coverage: 0.1, titleNamed: 1 })).toBe(false);
    expect(sourcedRule(0.65).abstain({ coverage: 0.64, titleNamed: 0 })).toBe(true);
    expect(sourcedRule(0.65).abstain({ coverage: 0.65, titleNamed: 0 })).toBe(false);
  });

  it('keeps to the precision asked for on the training tickets', () => {
    const loose = sourcedRuleModel({ minPrecision: 0 }).fit(tickets);
    const strict = sourcedRuleModel({ minPrecision: 1 }).fit(tickets);
    const labels = tickets.map((t) => t.shouldAbstain);
    expect(stayQuietScores(labels, tickets.map((t) => strict.abstain(t.features))).precision).toBe(1);
    expect(strict.parameters.minCoverage).toBeLessThanOrEqual(loose.parameters.minCoverage);
  });
});
