import { buildPassage } from '../../../../test/support/passage-builder';
import { answerableProbability, judgeSourcing, SourcingModel, withModelClaim } from './sourcing-score';
import { SOURCING_MODEL } from './sourcing-model';

const model: SourcingModel = {
  signals: [
    { name: 'titleNamed', mean: 0.5, sd: 0.5, weight: 1 },
    { name: 'coverageUnlessTitleNamed', mean: 0.5, sd: 0.25, weight: 2 },
  ],
  intercept: 0,
  threshold: 0.5,
  policy: 'test',
};
const request = { subject: 'Cannot log in', question: 'I forgot my password. How do I reset it?' };
const article = (title: string, coverage: number) => ({ ...request, passages: [{ ...buildPassage('a1', title), coverage }] });

describe('answerableProbability', () => {
  it('is the logistic of the standardised, weighted signals', () => {
    // logit = 1 · (0 − 0.5) / 0.5 + 2 · (0.75 − 0.5) / 0.25 = −1 + 2 = 1
    expect(answerableProbability({ coverage: 0.75, titleNamed: 0, coverageUnlessTitleNamed: 0.75 }, model)).toBeCloseTo(1 / (1 + Math.exp(-1)), 10);
  });
});

describe('judgeSourcing', () => {
  it('is sourced when P(answerable) reaches the threshold, and says what it read', () => {
    expect(judgeSourcing(article('Shipping times', 0.75), model)).toEqual({
      probability: 0.7311,
      threshold: 0.5,
      sourced: true,
      signals: { coverage: 0.75, titleNamed: 0, coverageUnlessTitleNamed: 0.75 },
    });
    expect(judgeSourcing(article('Shipping times', 0.5), model)).toMatchObject({ probability: 0.2689, sourced: false });
  });
});

describe('withModelClaim', () => {
  const judgement = (probability: number) => ({ ...judgeSourcing(article('Shipping times', 0.5), model), probability });

  it('lets a model that says the articles do not answer veto the draft', () => {
    expect(withModelClaim(judgement(0.99), false)).toMatchObject({ probability: 0, sourced: false, fullySourced: false });
  });

  it('counts a claim of full support as doubling the odds, retrieval still having to reach the threshold', () => {
    // 0.4 is odds 2:3; doubled 4:3, 0.571.
    expect(withModelClaim(judgement(0.4), true)).toMatchObject({ probability: 0.5714, sourced: true, fullySourced: true });
    expect(withModelClaim(judgement(0.2), true)).toMatchObject({ probability: 0.3333, sourced: false });
    expect(withModelClaim(judgement(1), true).probability).toBe(1);
  });
});

// Whatever a refit gives, the shipped model must keep these.
describe('the shipped sourcing model', () => {
  it('reads the signals it was fitted on', () => {
    expect(SOURCING_MODEL.signals.map((s) => s.name).sort()).toEqual(['coverageUnlessTitleNamed', 'titleNamed']);
    expect(SOURCING_MODEL.threshold).toBeGreaterThan(0);
    expect(SOURCING_MODEL.threshold).toBeLessThan(1);
  });

  it('sources an article whose whole title the ticket names, however little of the question it holds', () => {
    expect(judgeSourcing(article('How to reset your password', 0.2)).sourced).toBe(true);
  });

  it('sources an article holding the whole question (a training answer), not one holding a third of it', () => {
    expect(judgeSourcing(article('Answer from your team', 1)).sourced).toBe(true);
    expect(judgeSourcing(article('Account access for teams', 0.3)).sourced).toBe(false);
  });

  it('grows more confident as an article holds more of the question', () => {
    const probabilities = [0.2, 0.4, 0.6, 0.8, 1].map((coverage) => judgeSourcing(article('Account access for teams', coverage)).probability);
    expect(probabilities).toEqual([...probabilities].sort((a, b) => a - b));
    expect(new Set(probabilities).size).toBe(probabilities.length);
  });
});
