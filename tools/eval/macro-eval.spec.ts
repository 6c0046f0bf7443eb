import { chooseThreshold, crossValidateThreshold, loadedAsMacro, macroScores, MacroTicket } from './macro-eval';

const ticket = (id: string, goldIsMacro: boolean, candidate: MacroTicket['candidate']): MacroTicket => ({ id, goldIsMacro, candidate });

describe('the suggested-macro evaluation', () => {
  const tickets = [
    ticket('1', true, { externalId: 'a', probability: 0.9, correct: true }),
    ticket('2', true, { externalId: 'b', probability: 0.7, correct: true }),
    ticket('3', true, null),
    ticket('4', false, { externalId: 'c', probability: 0.65, correct: false }),
    ticket('5', false, null),
  ];

  it('counts gold macros suggested, the precision of suggestions and wrong suggestions per ticket at a threshold', () => {
    expect(macroScores(tickets, 0.6)).toEqual({ recall: 2 / 3, precision: 2 / 3, wrongRate: 1 / 5, suggested: 3 });
    expect(macroScores(tickets, 0.8)).toEqual({ recall: 1 / 3, precision: 1, wrongRate: 0, suggested: 1 });
    expect(macroScores(tickets, 0.95)).toEqual({ recall: 0, precision: 1, wrongRate: 0, suggested: 0 });
  });

  it('chooses the threshold with the best F1, the higher one on a tie', () => {
    expect(chooseThreshold(tickets)).toBeCloseTo(0.7, 5);
  });

  it('cross-validates the choice on held-out tickets, deterministically', () => {
    const many = Array.from({ length: 40 }, (_, i) => ticket(String(i), i % 2 === 0, { externalId: String(i), probability: 0.5 + (i % 10) / 20, correct: i % 2 === 0 }));
    const first = crossValidateThreshold(many, { folds: 5, repeats: 2, seed: 3 });
    expect(crossValidateThreshold(many, { folds: 5, repeats: 2, seed: 3 })).toEqual(first);
    expect(first.recall.mean).toBeGreaterThan(0);
    expect(first.precision.mean).toBeLessThanOrEqual(1);
  });

  it('loads about half the articles as macros, the same ones every run', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `doc-${i}`);
    const share = ids.filter(loadedAsMacro).length / ids.length;
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.6);
    expect(ids.filter(loadedAsMacro)).toEqual(ids.filter(loadedAsMacro));
  });
});
