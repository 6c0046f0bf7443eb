import { answerableProbability, SourcingModel } from '../../src/modules/llm/domain/sourcing-score';
import { SourcingSignals } from '../../src/modules/llm/domain/sourcing-signals';
import { LabelledTicket, StayQuietModel, StayQuietPredictor, stayQuietScores } from './cross-validation';

// The sourcing score as a stay-quiet model: a logistic regression of "answerable" on the signals, L2-regularised
// (the intercept is not), fitted by iteratively reweighted least squares on standardised signals; then the
// probability threshold for a stated policy, chosen on the same training tickets.

export interface LogisticOptions {
  // Feature names: the shipped signals (SourcingSignals), or candidates the eval also records.
  signals: string[];
  // L2 penalty on the standardised weights: with 20–40 unanswerable tickets a set, unpenalised weights chase noise.
  l2: number;
  // The threshold: the best F1 of staying quiet among thresholds whose training precision reaches this
  // (the best F1 of all when none does).
  minPrecision: number;
}

export function fitLogistic(train: LabelledTicket[], options: LogisticOptions): SourcingModel {
  const standard = options.signals.map((name) => {
    const values = train.map((t) => t.features[name]);
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length) || 1;
    return { name: name as keyof SourcingSignals, mean, sd };
  });
  // Design matrix with a leading 1 for the intercept; y = 1 when answerable.
  const x = train.map((t) => [1, ...standard.map((s) => (t.features[s.name] - s.mean) / s.sd)]);
  const y = train.map((t) => (t.shouldAbstain ? 0 : 1));
  const beta = irls(x, y, options.l2);
  const model: SourcingModel = {
    signals: standard.map((s, j) => ({ ...s, weight: beta[j + 1] })),
    intercept: beta[0],
    threshold: 0.5,
    policy: policyName(options.minPrecision),
  };
  const probabilities = train.map((t) => answerableProbability(t.features as unknown as SourcingSignals, model));
  return { ...model, threshold: chooseThreshold(probabilities, train.map((t) => t.shouldAbstain), options.minPrecision) };
}

export function logisticModel(options: LogisticOptions): StayQuietModel {
  return {
    name: `logistic (${options.signals.join(', ')}), ${policyName(options.minPrecision)}`,
    fit: (train) => logisticPredictor(fitLogistic(train, options)),
  };
}

export function logisticPredictor(model: SourcingModel): StayQuietPredictor {
  const probability = (features: Record<string, number>) => answerableProbability(features as unknown as SourcingSignals, model);
  return {
    abstainScore: (features) => -probability(features),
    abstain: (features) => probability(features) < model.threshold,
    parameters: { threshold: model.threshold, intercept: model.intercept, ...Object.fromEntries(model.signals.map((s) => [s.name, s.weight])) },
  };
}

const policyName = (minPrecision: number) => (minPrecision > 0 ? `max F1 of staying quiet at P ≥ ${minPrecision}` : 'max F1 of staying quiet');

// Newton's method on the penalised log-likelihood: β ← β + (XᵀWX + λI')⁻¹ (Xᵀ(y − p) − λI'β), I' sparing the
// intercept. Converges in a handful of steps on a problem this size.
function irls(x: number[][], y: number[], l2: number): number[] {
  const k = x[0].length;
  let beta = new Array<number>(k).fill(0);
  for (let step = 0; step < 50; step++) {
    const hessian = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j && i > 0 ? l2 : 0)));
    const gradient = beta.map((b, j) => (j > 0 ? -l2 * b : 0));
    x.forEach((row, n) => {
      const p = 1 / (1 + Math.exp(-row.reduce((sum, v, j) => sum + v * beta[j], 0)));
      const w = Math.max(p * (1 - p), 1e-9);
      for (let i = 0; i < k; i++) {
        gradient[i] += row[i] * (y[n] - p);
        for (let j = 0; j < k; j++) hessian[i][j] += w * row[i] * row[j];
      }
    });
    const delta = solve(hessian, gradient);
    beta = beta.map((b, j) => b + delta[j]);
    if (Math.max(...delta.map(Math.abs)) < 1e-8) break;
  }
  return beta;
}

// Gaussian elimination with partial pivoting; the penalised Hessian is positive definite.
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    const pivot = m.slice(col).reduce((best, row, i) => (Math.abs(row[col]) > Math.abs(m[best][col]) ? col + i : best), col);
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let row = col + 1; row < n; row++) {
      const factor = m[row][col] / m[col][col];
      for (let j = col; j <= n; j++) m[row][j] -= factor * m[col][j];
    }
  }
  const solution = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    solution[row] = (m[row][n] - m[row].slice(row + 1, n).reduce((sum, v, j) => sum + v * solution[row + 1 + j], 0)) / m[row][row];
  }
  return solution;
}

// Halfway between neighbouring probabilities: the best F1 of staying quiet (quiet below the threshold) among
// thresholds reaching `minPrecision` on these tickets; of equally good ones, the middle one.
export function chooseThreshold(probabilities: number[], shouldAbstain: boolean[], minPrecision: number): number {
  const values = [...new Set(probabilities)].sort((a, b) => a - b);
  const candidates = [0, ...values.slice(1).map((v, i) => (values[i] + v) / 2), 1];
  const scored = candidates.map((threshold) => ({ threshold, ...stayQuietScores(shouldAbstain, probabilities.map((p) => p < threshold)) }));
  const eligible = scored.filter((s) => s.precision >= minPrecision && s.f1 > 0);
  const pool = eligible.length > 0 ? eligible : scored;
  const bestF1 = Math.max(...pool.map((s) => s.f1));
  const best = pool.filter((s) => s.f1 === bestF1);
  return best[Math.floor((best.length - 1) / 2)].threshold;
}
