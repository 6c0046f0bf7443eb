import { SourcingJudgement } from './sourcing-score';

// Where a passage comes from: a knowledge-base article (synced from the help center or uploaded), one of the
// account's macros, a rep's training answer, or a solved ticket's answer.
export type PassageOrigin = 'article' | 'macro' | 'training_answer' | 'solved_ticket';

export interface Passage {
  articleId: string;
  // The article's id in the help center (Zendesk), and its locale.
  externalId: string;
  locale: string;
  title: string;
  url: string;
  // The heading of the article section this passage comes from, if any.
  section: string | null;
  // Restricted and internal articles may ground an agent-facing draft but must not be pasted verbatim.
  visibility: 'public' | 'restricted' | 'internal';
  content: string;
  // Fused rank score (reciprocal rank fusion), higher is better.
  score: number;
  // Cosine similarity of the passage embedding to the question embedding.
  similarity: number;
  // BM25 score of the passage for the question's terms, 0 when none matched.
  lexicalScore: number;
  // Share of the question's term weight (IDF) that this passage's article contains, 0..1, and its title.
  coverage: number;
  titleCoverage: number;
  // Absent: an article.
  origin?: PassageOrigin;
}

// Passages come best first, and an article's best section before its others: one passage per article, its best.
export function bestPassageOfEachArticle(passages: Passage[]): Passage[] {
  const seen = new Set<string>();
  return passages.filter((passage) => {
    if (seen.has(passage.articleId)) return false;
    seen.add(passage.articleId);
    return true;
  });
}

export interface DraftRequest {
  subject: string;
  // The customer's words, latest comment first.
  question: string;
  // What the reply answers: the latest comment, with the subject when it is the only one (a follow-up may ask
  // about something else than the subject and the earlier comments).
  focus: string;
  customerName: string | null;
  passages: Passage[];
  signOff: string;
  // Hosts of the organization's own pages (its Zendesk): a reply may link there. Article URLs' hosts count too.
  organizationHosts: string[];
}

export interface Draft {
  // Plain text the customer would read: greeting, answer, sign-off. Paragraphs separated by blank lines.
  reply: string;
  citedArticleIds: string[];
  // Whether the knowledge base fully sources the answer, and the judgement behind it (a training answer's or
  // another writer's draft may have none).
  sourced: boolean;
  sourcing?: SourcingJudgement;
  // Links and addresses the output checks took out of a model's reply (bounded), when there were any.
  removedLinks?: string[];
}
