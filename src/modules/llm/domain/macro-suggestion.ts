import { bestPassageOfEachArticle, DraftRequest, Passage } from './draft';
import { answerableProbability, SourcingModel } from './sourcing-score';
import { SOURCING_MODEL } from './sourcing-model';
import { sourcingSignals } from './sourcing-signals';

// A macro the note names at the top ("Suggested macro: <title>"), for the rep to apply in Zendesk; recorded with
// the decision so explain shows why.
export interface MacroSuggestion {
  articleId: string;
  title: string;
  // P(this macro alone answers the question), from the calibrated sourcing model.
  probability: number;
  threshold: number;
}

// The sourcing model's own threshold: the macro alone must source the answer as surely as the best three
// articles must for a draft to count as sourced (docs/macros.md has the evaluation's figures).
export const MACRO_SUGGESTION_THRESHOLD = SOURCING_MODEL.threshold;

// A macro is suggested when it is the knowledge base's best-ranked article for the question and the sourcing
// model, reading it alone, gives P(answerable) >= the threshold: a macro that merely matched some words, or one
// ranked below an article, is cited if the draft used it but not suggested. `ranked`: the knowledge base's
// passages, best first (not a training answer, which is no macro).
export function suggestMacro(
  request: Pick<DraftRequest, 'subject' | 'question'>,
  ranked: Passage[],
  model: SourcingModel = SOURCING_MODEL,
  threshold = MACRO_SUGGESTION_THRESHOLD,
): MacroSuggestion | null {
  const [best] = bestPassageOfEachArticle(ranked);
  if (!best || best.origin !== 'macro') return null;
  const probability = answerableProbability(sourcingSignals({ ...request, passages: [best] }), model);
  if (probability < threshold) return null;
  return { articleId: best.articleId, title: best.title, probability: Math.round(probability * 10_000) / 10_000, threshold };
}
