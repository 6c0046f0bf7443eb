import { bestPassageOfEachArticle, DraftRequest } from './draft';
import { contentTerms } from './text-terms';

// What retrieval already knows about whether the knowledge base holds the answer, as scale-free numbers (shares
// and flags): neither depends on the corpus's size, BM25's or RRF's constants or the embedding model, so weights
// fitted on one help center mean the same on another. Tried beside them and dropped, because they did not help
// under cross-validation on either dev set or from one to the other (docs/quality.md): the fused
// score's margin over the second article, BM25's, agreement of the full-text and vector lists, title coverage,
// cosine similarity, the question's length, and (after the field ranking came) the share of the question's weight
// outside an article's title that its body holds.
export interface SourcingSignals {
  // The highest share of the question's IDF weight one of the best articles holds anywhere: an article missing
  // the question's rarest words rarely answers it.
  coverage: number;
  // 1 when the question names every content word of one of their titles: it asks about what that article is
  // about. A gap in the knowledge base leaves articles on neighbouring subjects, whose titles name something the
  // ticket does not ("molar pregnancy" finds "Ectopic pregnancy").
  titleNamed: number;
  // The coverage when no title is named, else 0: a named title says more than coverage does (a customer's story
  // around the name lowers coverage without making the article wrong), so coverage counts only without one.
  coverageUnlessTitleNamed: number;
}

// The best articles that may source the answer: the three the draft is grounded on (five did worse on eval/dev).
export const SOURCING_ARTICLES = 3;

export function sourcingSignals(request: Pick<DraftRequest, 'subject' | 'question' | 'passages'>): SourcingSignals {
  const questionTerms = new Set(contentTerms(`${request.subject}\n${request.question}`));
  const articles = bestPassageOfEachArticle(request.passages).slice(0, SOURCING_ARTICLES);
  const coverage = Math.max(0, ...articles.map((article) => article.coverage));
  const titleNamed = articles.some((article) => namesTitle(questionTerms, article.title)) ? 1 : 0;
  return { coverage, titleNamed, coverageUnlessTitleNamed: titleNamed ? 0 : coverage };
}

// Whether the customer's words name every content word of an article title.
export function namesTitle(questionTerms: Set<string>, title: string): boolean {
  const titleTerms = contentTerms(title);
  const asked = [...questionTerms];
  return titleTerms.length > 0 && titleTerms.every((term) => questionTerms.has(term) || asked.some((word) => oneEditApart(term, word)));
}

// Customers misspell the names they ask about ("Antiphosoholipid", "aeortic"); short words one edit apart are
// often different words ("cold", "gold").
function oneEditApart(a: string, b: string): boolean {
  if (a.length < 5 || b.length < 5 || Math.abs(a.length - b.length) > 1) return false;
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < Math.min(a.length, b.length) - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  return a.length - prefix - suffix <= 1 && b.length - prefix - suffix <= 1;
}
