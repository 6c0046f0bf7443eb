import { RetrievalWeights } from '../../src/modules/knowledge-base/domain/retrieval-weights';
import { MeanAndSd, meanAndSd, seededRandom, stratifiedFolds } from './cross-validation';

// Retrieval's fusion weights chosen under cross-validation: every ticket is ranked with each weighting of a small
// grid (through the pipeline's own query and repository), then, fold by fold, the weighting with the best
// hit@1 + MRR@10 on the training tickets ranks the held-out ones. The figures are of tickets the choice never saw.

// Whether to fuse the field ranking (0 or 1, as much as the chunk ranking) and the vector ranking (0 or 0.5), and
// how much the conversation's terms weigh. A finer grid (field weights 0.5 and 2 too) made the choice noisier than
// 64 training tickets of eval/dev can settle: folds flipped between weightings 0.01 apart in hit@1 + MRR, and the
// held-out hit@1 fell below every one of them (docs/quality.md).
export const RETRIEVAL_GRID: RetrievalWeights[] = [0, 1].flatMap((field) =>
  [0.25, 0.5, 1].flatMap((conversation) => [0, 0.5].map((vector) => ({ field, conversation, vector }))),
);

// One answerable ticket's rank of its first gold article under each weighting of the grid (null: not in the ten).
export interface RankedTicket {
  id: string;
  goldRank: (number | null)[];
}

export interface RetrievalDataset {
  name: string;
  tickets: RankedTicket[];
}

export interface RetrievalFigures {
  hit1: MeanAndSd;
  mrr: MeanAndSd;
  hit5: MeanAndSd;
  // How often each weighting was chosen, most often first.
  chosen: { weights: RetrievalWeights; share: number }[];
}

export interface RetrievalStudyRow {
  dataset: string;
  fit: 'within' | 'pooled';
  figures: RetrievalFigures;
}

const FOLDS = 5;
const REPEATS = 10;
const SEED = 11;

const hit = (rank: number | null, k: number) => (rank !== null && rank <= k ? 1 : 0);
const reciprocal = (rank: number | null) => (rank === null ? 0 : 1 / rank);

// The weighting best on these tickets: hit@1 + MRR@10, ties to the earlier in the grid.
export function bestWeighting(tickets: RankedTicket[]): number {
  let best = 0;
  let bestScore = -Infinity;
  for (let g = 0; g < RETRIEVAL_GRID.length; g++) {
    const score = tickets.reduce((sum, t) => sum + hit(t.goldRank[g], 1) + reciprocal(t.goldRank[g]), 0);
    if (score > bestScore) [best, bestScore] = [g, score];
  }
  return best;
}

export function crossValidateRetrieval(tickets: RankedTicket[], alsoTrainOn: RankedTicket[] = []): RetrievalFigures {
  const random = seededRandom(SEED);
  const perRepeat = { hit1: [] as number[], mrr: [] as number[], hit5: [] as number[] };
  const chosenCount = new Map<number, number>();
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    const foldOf = stratifiedFolds(tickets.map(() => false), FOLDS, random);
    const held: { ticket: RankedTicket; g: number }[] = [];
    for (let fold = 0; fold < FOLDS; fold++) {
      const g = bestWeighting([...tickets.filter((_, i) => foldOf[i] !== fold), ...alsoTrainOn]);
      chosenCount.set(g, (chosenCount.get(g) ?? 0) + 1);
      held.push(...tickets.filter((_, i) => foldOf[i] === fold).map((ticket) => ({ ticket, g })));
    }
    const mean = (value: (rank: number | null) => number) => held.reduce((sum, { ticket, g }) => sum + value(ticket.goldRank[g]), 0) / held.length;
    perRepeat.hit1.push(mean((rank) => hit(rank, 1)));
    perRepeat.mrr.push(mean(reciprocal));
    perRepeat.hit5.push(mean((rank) => hit(rank, 5)));
  }
  const fits = REPEATS * FOLDS;
  return {
    hit1: meanAndSd(perRepeat.hit1),
    mrr: meanAndSd(perRepeat.mrr),
    hit5: meanAndSd(perRepeat.hit5),
    chosen: [...chosenCount]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .map(([g, count]) => ({ weights: RETRIEVAL_GRID[g], share: count / fits })),
  };
}

export function studyRetrieval(datasets: RetrievalDataset[]): RetrievalStudyRow[] {
  return datasets.flatMap((dataset) => {
    const others = datasets.filter((d) => d !== dataset).flatMap((d) => d.tickets);
    return [
      { dataset: dataset.name, fit: 'within' as const, figures: crossValidateRetrieval(dataset.tickets) },
      ...(others.length > 0 ? [{ dataset: dataset.name, fit: 'pooled' as const, figures: crossValidateRetrieval(dataset.tickets, others) }] : []),
    ];
  });
}
