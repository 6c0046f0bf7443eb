import { LabelledTicket, stayQuietScores } from './cross-validation';
import { chooseThreshold, fitLogistic, logisticModel } from './logistic-model';

const ticket = (id: number, shouldAbstain: boolean, coverage: number, titleNamed = 0): LabelledTicket => ({
  id: String(id),
  features: { coverage, titleNamed, coverageUnlessTitleNamed: titleNamed ? 0 : coverage },
  shouldAbstain,
});
// Answerable tickets cover more of the question than unanswerable ones, with some overlap.
const tickets = [
  ...Array.from({ length: 20 }, (_, i) => ticket(i, false, 0.5 + i * 0.025)),
  ...Array.from({ length: 10 }, (_, i) => ticket(20 + i, true, 0.2 + i * 0.04)),
];

describe('fitLogistic', () => {
  it('weighs a signal that tells answerable tickets apart, and standardises it', () => {
    const model = fitLogistic(tickets, { signals: ['coverage'], l2: 1, minPrecision: 0 });
    const coverages = tickets.map((t) => t.features.coverage);
    expect(model.signals[0].mean).toBeCloseTo(coverages.reduce((a, b) => a + b) / coverages.length, 10);
    expect(model.signals[0].weight).toBeGreaterThan(1);
    expect(model.threshold).toBeGreaterThan(0);
    expect(model.threshold).toBeLessThan(1);
  });

  it('matches the unpenalised maximum likelihood of a case solvable by hand', () => {
    // Two groups, x = ±1 (standardised already), answerable 3 of 4 at +1 and 1 of 4 at −1: β = (0, ln 3).
    const data = [1, 1, 1, 1, -1, -1, -1, -1].map((x, i) => ({ id: String(i), features: { x }, shouldAbstain: x > 0 ? i === 3 : i !== 4 }));
    const model = fitLogistic(data, { signals: ['x'], l2: 0, minPrecision: 0 });
    expect(model.intercept).toBeCloseTo(0, 6);
    expect(model.signals[0].weight).toBeCloseTo(Math.log(3), 6);
  });

  it('shrinks weights as the L2 penalty grows', () => {
    const weight = (l2: number) => fitLogistic(tickets, { signals: ['coverage'], l2, minPrecision: 0 }).signals[0].weight;
    expect(weight(10)).toBeLessThan(weight(1));
  });

  it('stays quiet below the threshold, the probability ranking tickets', () => {
    const predictor = logisticModel({ signals: ['coverage'], l2: 1, minPrecision: 0 }).fit(tickets);
    expect(predictor.abstainScore(ticket(0, false, 0.9).features)).toBeLessThan(predictor.abstainScore(ticket(0, false, 0.3).features));
    expect(predictor.abstain(ticket(0, false, 0.1).features)).toBe(true);
    expect(predictor.abstain(ticket(0, false, 1).features)).toBe(false);
  });
});

describe('chooseThreshold', () => {
  const probabilities = [0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9];
  const unanswerable = [true, true, false, true, false, false, false, false];

  it('takes the best F1 of staying quiet, halfway between neighbouring probabilities', () => {
    // Quiet below 0.5: 3 of 4 right, recall 1 (F1 0.857); below 0.25: precision 1, recall 2/3 (F1 0.8).
    expect(chooseThreshold(probabilities, unanswerable, 0)).toBeCloseTo(0.5, 10);
  });

  it('keeps to the precision asked for when some threshold reaches it', () => {
    const threshold = chooseThreshold(probabilities, unanswerable, 1);
    expect(threshold).toBeCloseTo(0.25, 10);
    expect(stayQuietScores(unanswerable, probabilities.map((p) => p < threshold)).precision).toBe(1);
  });
});
