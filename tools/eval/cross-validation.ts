// Repeated stratified k-fold cross-validation of a stay-quiet model: every figure comes from tickets the model
// was not fitted on. The positive class is "should stay quiet" (the knowledge base holds no answer).

export type Features = Record<string, number>;

export interface LabelledTicket {
  id: string;
  features: Features;
  shouldAbstain: boolean;
}

export interface StayQuietPredictor {
  // Higher means more likely unanswerable; ranks tickets for AUROC and the risk–coverage curve.
  abstainScore(features: Features): number;
  abstain(features: Features): boolean;
  // What was fitted (a threshold, weights), reported across folds.
  parameters: Record<string, number>;
}

// Fits on the training folds; the predictor only ever sees the test fold's features.
export interface StayQuietModel {
  name: string;
  fit(train: LabelledTicket[]): StayQuietPredictor;
}

export interface CrossValidationOptions {
  folds: number;
  repeats: number;
  seed: number;
  // Coverages (share of tickets answered) at which the risk–coverage curve is read.
  coverages: number[];
}

export const DEFAULT_CROSS_VALIDATION: CrossValidationOptions = { folds: 5, repeats: 10, seed: 11, coverages: [0.5, 0.6, 0.7, 0.8, 0.9, 1] };

export interface MeanAndSd {
  mean: number;
  sd: number;
}

export interface CrossValidationResult {
  model: string;
  precision: MeanAndSd;
  recall: MeanAndSd;
  f1: MeanAndSd;
  auroc: MeanAndSd;
  // Of the tickets answered when the fewest-risk share is answered: how many should have stayed quiet.
  riskCoverage: { coverage: number; error: MeanAndSd }[];
  // Where the model's own decisions land on that curve.
  operatingPoint: { coverage: MeanAndSd; error: MeanAndSd };
  // Each fitted parameter across every fold of every repeat.
  parameters: Record<string, { min: number; median: number; max: number }>;
}

// `alsoTrainOn`: tickets of another dataset added to every fold's training tickets (never tested on).
export function crossValidate(tickets: LabelledTicket[], model: StayQuietModel, options = DEFAULT_CROSS_VALIDATION, alsoTrainOn: LabelledTicket[] = []): CrossValidationResult {
  const random = seededRandom(options.seed);
  const runs: ReturnType<typeof scoreOutOfFold>[] = [];
  const fitted: Record<string, number>[] = [];
  for (let repeat = 0; repeat < options.repeats; repeat++) {
    const foldOf = stratifiedFolds(tickets.map((t) => t.shouldAbstain), options.folds, random);
    const abstains: boolean[] = new Array(tickets.length);
    const scores: number[] = new Array(tickets.length);
    for (let fold = 0; fold < options.folds; fold++) {
      const predictor = model.fit([...alsoTrainOn, ...tickets.filter((_, i) => foldOf[i] !== fold)]);
      fitted.push(predictor.parameters);
      tickets.forEach((ticket, i) => {
        if (foldOf[i] !== fold) return;
        abstains[i] = predictor.abstain(ticket.features);
        scores[i] = predictor.abstainScore(ticket.features);
      });
    }
    runs.push(scoreOutOfFold(tickets.map((t) => t.shouldAbstain), abstains, scores, options.coverages));
  }
  const across = (pick: (run: (typeof runs)[number]) => number) => meanAndSd(runs.map(pick));
  return {
    model: model.name,
    precision: across((run) => run.precision),
    recall: across((run) => run.recall),
    f1: across((run) => run.f1),
    auroc: across((run) => run.auroc),
    riskCoverage: options.coverages.map((coverage, c) => ({ coverage, error: across((run) => run.riskCoverage[c]) })),
    operatingPoint: { coverage: across((run) => run.coverage), error: across((run) => run.error) },
    parameters: Object.fromEntries(Object.keys(fitted[0] ?? {}).map((name) => [name, spread(fitted.map((p) => p[name]))])),
  };
}

// Fitted on one dataset, scored on another: the figures an unseen kind of help desk would see.
export function scoreTransfer(train: LabelledTicket[], test: LabelledTicket[], model: StayQuietModel, coverages = DEFAULT_CROSS_VALIDATION.coverages) {
  const predictor = model.fit(train);
  return { ...scoreInSample(test, predictor, coverages), parameters: predictor.parameters };
}

// The model fitted and scored on the same tickets: what a figure tuned on the whole set claims.
export function scoreInSample(tickets: LabelledTicket[], predictor: StayQuietPredictor, coverages = DEFAULT_CROSS_VALIDATION.coverages) {
  return scoreOutOfFold(
    tickets.map((t) => t.shouldAbstain),
    tickets.map((t) => predictor.abstain(t.features)),
    tickets.map((t) => predictor.abstainScore(t.features)),
    coverages,
  );
}

function scoreOutOfFold(labels: boolean[], abstains: boolean[], scores: number[], coverages: number[]) {
  const answered = labels.filter((_, i) => !abstains[i]);
  return {
    ...stayQuietScores(labels, abstains),
    auroc: auroc(labels, scores),
    riskCoverage: coverages.map((coverage) => riskAtCoverage(labels, scores, coverage)),
    coverage: answered.length / labels.length,
    error: answered.length === 0 ? 0 : answered.filter(Boolean).length / answered.length,
  };
}

// Precision, recall and F1 of staying quiet, as ../shared/eval/score.js counts them.
export function stayQuietScores(shouldAbstain: boolean[], abstained: boolean[]): { precision: number; recall: number; f1: number } {
  let [tp, fp, fn] = [0, 0, 0];
  shouldAbstain.forEach((positive, i) => {
    if (positive && abstained[i]) tp++;
    else if (abstained[i]) fp++;
    else if (positive) fn++;
  });
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
}

// The chance that an unanswerable ticket scores above an answerable one (ties count half).
export function auroc(shouldAbstain: boolean[], scores: number[]): number {
  const positives = scores.filter((_, i) => shouldAbstain[i]);
  const negatives = scores.filter((_, i) => !shouldAbstain[i]);
  if (positives.length === 0 || negatives.length === 0) return 0.5;
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (positives.length * negatives.length);
}

// Answer the given share of tickets, those least likely unanswerable; the error is the share of them unanswerable.
export function riskAtCoverage(shouldAbstain: boolean[], scores: number[], coverage: number): number {
  const order = scores.map((score, i) => ({ score, i })).sort((a, b) => a.score - b.score || a.i - b.i);
  const answered = order.slice(0, Math.round(coverage * scores.length));
  return answered.length === 0 ? 0 : answered.filter(({ i }) => shouldAbstain[i]).length / answered.length;
}

// Each class shuffled, then dealt round the folds: every fold holds its share of both classes.
export function stratifiedFolds(labels: boolean[], folds: number, random: () => number): number[] {
  const foldOf: number[] = new Array(labels.length);
  let next = 0;
  for (const label of [true, false]) {
    const members = shuffle(labels.flatMap((l, i) => (l === label ? [i] : [])), random);
    for (const i of members) foldOf[i] = next++ % folds;
  }
  return foldOf;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

// mulberry32: a small seeded generator, so a run's folds are the same every time.
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function meanAndSd(values: number[]): MeanAndSd {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.length < 2 ? 0 : values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, sd: Math.sqrt(variance) };
}

function spread(values: number[]): { min: number; median: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted.at(-1)! };
}
