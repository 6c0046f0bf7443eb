import { Draft, DraftRequest, Passage } from './draft';
import { contentTerms } from './text-terms';

// When the knowledge base counts as having the answer, judged from retrieval evidence alone.
// Chosen on eval/dev with cross-validation (see README, "Measured quality"): one of the few best articles
// answers a ticket when the ticket names everything its title names, or when it holds most of the question's
// weight. A gap in the knowledge base leaves articles on neighbouring subjects, whose titles name something
// the ticket does not ("molar pregnancy" finds "Ectopic pregnancy").
export interface SourcedThresholds {
  // Share of the question's term weight (IDF) found anywhere in an article.
  minCoverage: number;
}

export const DEFAULT_SOURCED_THRESHOLDS: SourcedThresholds = { minCoverage: 0.65 };

// The best articles that may source the answer: the three the draft is grounded on (five did worse on eval/dev).
const SOURCING_ARTICLES = 3;

const MAX_SENTENCES = 4;
const MAX_ANSWER_WORDS = 120;

// The offline drafting strategy: answer with the sentences of the best article that speak to the
// customer's words, in the article's own order, and cite that article. No model, no network.
export function writeExtractiveDraft(request: DraftRequest, thresholds = DEFAULT_SOURCED_THRESHOLDS): Draft {
  const questionTerms = new Set(contentTerms(`${request.subject}\n${request.question}`));
  const best = request.passages[0];
  if (!best) return { reply: compose(request, [HOLDING_ANSWER]), citedArticleIds: [], sourced: false };

  const articlePassages = request.passages.filter((passage) => passage.articleId === best.articleId);
  const sentences = articlePassages.flatMap((passage) => sentencesOf(passage));
  const evidence = sourcingEvidence(request);
  const sourced = evidence.titleNamed || evidence.maxCoverage >= thresholds.minCoverage;

  const answer = pickSentences(sentences, questionTerms);
  return { reply: compose(request, answer.length > 0 ? answer : [HOLDING_ANSWER]), citedArticleIds: [best.articleId], sourced };
}

// What the sourced rule reads from the few best articles (`npm run eval` refits its threshold on it).
export interface SourcingEvidence {
  // The highest coverage among them, 0 without articles.
  maxCoverage: number;
  // Whether the ticket names every content word of one of their titles.
  titleNamed: boolean;
}

export function sourcingEvidence(request: Pick<DraftRequest, 'subject' | 'question' | 'passages'>): SourcingEvidence {
  const questionTerms = new Set(contentTerms(`${request.subject}\n${request.question}`));
  const articles = oneEachArticle(request.passages).slice(0, SOURCING_ARTICLES);
  return {
    maxCoverage: Math.max(0, ...articles.map((passage) => passage.coverage)),
    titleNamed: articles.some((passage) => namesTitle(questionTerms, passage.title)),
  };
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

// Best article first; coverage and title are the article's, the same on each of its passages.
const oneEachArticle = (passages: Passage[]) => [...new Map(passages.map((p) => [p.articleId, p])).values()];

const HOLDING_ANSWER = 'Thanks for your message. We are looking into this and will get back to you shortly.';

interface Sentence {
  text: string;
  terms: string[];
  position: number;
}

// A chunk starts with its article's title; the rest is body text, one paragraph or list item a line.
function sentencesOf(passage: Passage): Sentence[] {
  const body = passage.content.startsWith(passage.title) ? passage.content.slice(passage.title.length) : passage.content;
  return body
    .split(/\n+|(?<=[.!?])\s+(?=[A-Z0-9"“(])/)
    .map((text) => text.replace(/^\s*[*•-]\s*/, '').replace(/\s+/g, ' ').trim())
    .filter((text) => text.split(' ').length >= 3 && !isHeading(text))
    .map((text, position) => ({ text, terms: contentTerms(text), position }));
}

// The sentences sharing most of the customer's terms, then restored to reading order.
function pickSentences(sentences: Sentence[], questionTerms: Set<string>): string[] {
  const scored = sentences
    .map((sentence) => ({ ...sentence, score: new Set(sentence.terms.filter((term) => questionTerms.has(term))).size }))
    .filter((sentence) => sentence.score > 0)
    .sort((a, b) => b.score - a.score || a.position - b.position);
  const chosen: typeof scored = [];
  let wordCount = 0;
  for (const sentence of scored) {
    const size = sentence.text.split(' ').length;
    if (chosen.length >= MAX_SENTENCES || (chosen.length > 0 && wordCount + size > MAX_ANSWER_WORDS)) break;
    chosen.push(sentence);
    wordCount += size;
  }
  // What follows the best sentence is usually its detail ("The link is valid for 24 hours.").
  const lead = chosen[0];
  const next = lead && sentences[lead.position + 1];
  if (next && !chosen.some((s) => s.position === next.position) && wordCount + next.text.split(' ').length <= MAX_ANSWER_WORDS) {
    chosen.push({ ...next, score: 0 });
  }
  return chosen.sort((a, b) => a.position - b.position).map((sentence) => endWithStop(sentence.text));
}

function compose(request: DraftRequest, answer: string[]): string {
  const firstName = request.customerName?.trim().split(/\s+/)[0];
  return [`Hi ${firstName || 'there'},`, answer.join(' '), request.signOff].join('\n\n');
}

// html-to-text leaves headings as short lines without a full stop; they title an answer, they are not one.
const isHeading = (text: string) => !/[.!?:]$/.test(text) && text.split(' ').length < 8;

const endWithStop = (text: string) => (/[.!?:]$/.test(text) ? text : `${text}.`);
