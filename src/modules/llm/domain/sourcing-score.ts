import { DraftRequest } from './draft';
import { SourcingSignals, sourcingSignals } from './sourcing-signals';
import { SOURCING_MODEL } from './sourcing-model';

// A logistic regression over standardised signals: P(answerable) = σ(intercept + Σ weight · (value − mean) / sd).
// Fitted by `npm run eval -- … --fit-sourcing` (tools/eval/logistic-model.ts), which writes sourcing-model.ts.
export interface SourcingModel {
  signals: { name: keyof SourcingSignals; mean: number; sd: number; weight: number }[];
  intercept: number;
  // The answer counts as sourced when P(answerable) reaches it; `policy` says how it was chosen.
  threshold: number;
  policy: string;
}

// Whether the knowledge base sources the answer, and why: recorded with the decision for explain.
export interface SourcingJudgement {
  // P(the knowledge base holds the answer), from retrieval's signals (and a model's claim, when there is one).
  probability: number;
  threshold: number;
  sourced: boolean;
  signals: SourcingSignals;
  // A model writer's own "fully sourced", when a model wrote the draft.
  fullySourced?: boolean;
}

export function answerableProbability(signals: SourcingSignals, model: SourcingModel): number {
  return sigmoid(model.intercept + model.signals.reduce((sum, s) => sum + (s.weight * (signals[s.name] - s.mean)) / s.sd, 0));
}

export function judgeSourcing(request: Pick<DraftRequest, 'subject' | 'question' | 'passages'>, model = SOURCING_MODEL): SourcingJudgement {
  const signals = sourcingSignals(request);
  const probability = answerableProbability(signals, model);
  return { probability: round(probability), threshold: model.threshold, sourced: probability >= model.threshold, signals };
}

// A model's own "fully sourced" as one more piece of evidence, which no labelled LLM run lets us fit yet:
// - false vetoes: the prompt tells the model to write a holding reply then, and a holding reply is no answer;
// - true multiplies the odds by LLM_FULLY_SOURCED_ODDS, and retrieval must still reach the threshold: models
//   claim support too readily to be trusted alone (they see only the articles retrieval gave them), but the
//   claim is evidence, assumed twice as likely for a ticket the knowledge base answers as for one it cannot.
export const LLM_FULLY_SOURCED_ODDS = 2;

export function withModelClaim(judgement: SourcingJudgement, fullySourced: boolean): SourcingJudgement {
  const p = judgement.probability;
  const probability = fullySourced ? (p * LLM_FULLY_SOURCED_ODDS) / (p * LLM_FULLY_SOURCED_ODDS + 1 - p) : 0;
  return { ...judgement, probability: round(probability), sourced: fullySourced && probability >= judgement.threshold, fullySourced };
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const round = (value: number) => Math.round(value * 10_000) / 10_000;
