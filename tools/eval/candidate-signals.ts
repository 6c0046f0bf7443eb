import { bestPassageOfEachArticle, Passage } from '../../src/modules/llm/domain/draft';
import { contentTerms } from '../../src/modules/llm/domain/text-terms';
import { SOURCING_ARTICLES } from '../../src/modules/llm/domain/sourcing-signals';
import { Features } from './cross-validation';

// Signals tried beside the shipped ones (llm/domain/sourcing-signals.ts) and dropped: kept in the eval's features
// so `npm run eval` shows again what they add, after retrieval changes.
export function candidateSignals(request: { subject: string; question: string; passages: Passage[] }): Features {
  const articles = bestPassageOfEachArticle(request.passages)
    .slice(0, SOURCING_ARTICLES)
    .map((best) => {
      const own = request.passages.filter((passage) => passage.articleId === best.articleId);
      return { ...best, lexicalScore: Math.max(...own.map((p) => p.lexicalScore)), similarity: Math.max(...own.map((p) => p.similarity)) };
    });
  const [first, second] = articles;
  const margin = (value: (article: (typeof articles)[number]) => number) =>
    first && value(first) > 0 ? (value(first) - (second ? value(second) : 0)) / value(first) : 0;
  const leads = (value: (article: (typeof articles)[number]) => number) => first !== undefined && articles.every((a) => value(first) >= value(a));
  return {
    // An answer stands out from the next article; a gap leaves near-misses alike. Fused (RRF) and BM25 scores.
    fusedMargin: margin((a) => a.score),
    lexicalMargin: margin((a) => a.lexicalScore),
    // The full-text and the vector search agree on the best article.
    agreement: first && first.lexicalScore > 0 && leads((a) => a.lexicalScore) && leads((a) => a.similarity) ? 1 : 0,
    // The share of the question's IDF weight in the best articles' titles.
    titleCoverage: Math.max(0, ...articles.map((a) => a.titleCoverage)),
    // Cosine of the best article's best passage: depends on the embedding model.
    similarity: Math.max(0, ...articles.map((a) => a.similarity)),
    // ln(1 + distinct content terms): a long message asks several things.
    questionLength: Math.log(1 + new Set(contentTerms(`${request.subject}\n${request.question}`)).size),
  };
}
