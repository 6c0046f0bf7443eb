import { bestWeighting, crossValidateRetrieval, RankedTicket, RETRIEVAL_GRID, studyRetrieval } from './retrieval-study';

// A ticket whose gold article ranks `rank` under the weighting at grid index `good`, and 4th under every other.
const ticket = (id: string, good: number, rank = 1): RankedTicket => ({ id, goldRank: RETRIEVAL_GRID.map((_, g) => (g === good ? rank : 4)) });

describe('retrieval weights under cross-validation', () => {
  it('chooses the weighting with the best hit@1 + MRR on the training tickets, ties to the earlier one', () => {
    expect(bestWeighting([ticket('a', 5), ticket('b', 5), ticket('c', 2)])).toBe(5);
    expect(bestWeighting([ticket('a', 7), ticket('b', 3)])).toBe(3);
  });

  it('scores held-out tickets with the weighting their training folds chose, not with their own best', () => {
    // Forty tickets best under weighting 2, ten under weighting 9: every fold's training set picks 2, so the ten
    // held out rank 4th (hit@1 0, hit@5 1, MRR 1/4), whatever their own best.
    const tickets = [...Array.from({ length: 40 }, (_, i) => ticket(`two-${i}`, 2)), ...Array.from({ length: 10 }, (_, i) => ticket(`nine-${i}`, 9))];
    const figures = crossValidateRetrieval(tickets);
    expect(figures.hit1.mean).toBeCloseTo(0.8);
    expect(figures.mrr.mean).toBeCloseTo(0.8 + 0.2 / 4);
    expect(figures.hit5.mean).toBeCloseTo(1);
    expect(figures.chosen).toEqual([{ weights: RETRIEVAL_GRID[2], share: 1 }]);
  });

  it('pools the other dataset into training: its tickets can outvote this one', () => {
    const here = Array.from({ length: 10 }, (_, i) => ticket(`here-${i}`, 1));
    const there = Array.from({ length: 30 }, (_, i) => ticket(`there-${i}`, 6));
    const [within, pooled] = studyRetrieval([
      { name: 'here', tickets: here },
      { name: 'there', tickets: there },
    ]);
    expect(within).toMatchObject({ dataset: 'here', fit: 'within' });
    expect(within.figures.hit1.mean).toBeCloseTo(1);
    expect(pooled).toMatchObject({ dataset: 'here', fit: 'pooled' });
    expect(pooled.figures.hit1.mean).toBeCloseTo(0);
    expect(pooled.figures.chosen[0].weights).toEqual(RETRIEVAL_GRID[6]);
  });

  it('counts a gold article outside the ten as a miss', () => {
    const missed: RankedTicket = { id: 'm', goldRank: RETRIEVAL_GRID.map(() => null) };
    const figures = crossValidateRetrieval([...Array.from({ length: 9 }, (_, i) => ticket(`t${i}`, 0)), missed]);
    expect(figures.hit5.mean).toBeCloseTo(0.9);
    expect(figures.mrr.mean).toBeCloseTo(0.9);
  });
});
