// What retrieval's fusion and its full-text query weigh, beside the ranking by the best chunk's BM25 (weight 1)
// and the focus's terms (weight 1). `field` and `conversation` were chosen under cross-validation on both dev
// sets, refitted inside every fold (`npm run eval -- --retrieval-cv`, docs/quality.md).
export interface RetrievalWeights {
  // The ranking by the whole article's BM25, its title a field of its own (×2): what the article is about.
  field: number;
  // The ranking by the best chunk's embedding: 0 leaves the vector search out.
  vector: number;
  // A term only of the customer's comments an agent already answered: the conversation a short follow-up
  // ("Probate?", "Where is that in Settings?") continues.
  conversation: number;
}

// A term of the subject or of an earlier unanswered comment, but not of the latest: after our note, a customer's
// next comment often asks something else ("Thanks! And how do we enable 2FA?" after a data export question). Enough
// to tell a short follow-up's articles apart, not to pull the draft back to the question our note answered; at
// 0.5 it did (test/e2e/follow-up-comment.e2e.spec.ts). No dev set holds such tickets, so this one is not fitted.
export const EARLIER_COMMENT_WEIGHT = 0.25;

export const DEFAULT_RETRIEVAL_WEIGHTS: Omit<RetrievalWeights, 'vector'> = { field: 1, conversation: 0.5 };

// The vector ranking's weight per embedding model. The offline model hashes words: its vectors are lexical
// themselves, and fused at any weight tried they lowered hit@1 on both dev sets, so its ranking is left out and
// the vector search not run. A semantic model (OpenAI's) finds articles that share no word with the question,
// which full text cannot: it weighs half a full-text ranking, the weight that was best before the field ranking
// came, until a labelled run with that model measures another.
export const VECTOR_WEIGHTS: Readonly<Record<string, number>> = {
  'offline-hashed-512-v1': 0,
};
const SEMANTIC_MODEL_VECTOR_WEIGHT = 0.5;

export function retrievalWeightsFor(embeddingModel: string): RetrievalWeights {
  return { ...DEFAULT_RETRIEVAL_WEIGHTS, vector: VECTOR_WEIGHTS[embeddingModel] ?? SEMANTIC_MODEL_VECTOR_WEIGHT };
}
