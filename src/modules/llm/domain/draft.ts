export interface Passage {
  articleId: string;
  title: string;
  url: string;
  section: string | null;
  content: string;
  // Fused rank score (reciprocal rank fusion), higher is better.
  score: number;
  // Cosine similarity of the passage embedding to the question embedding, 0..1.
  similarity: number;
  // Postgres ts_rank_cd of the passage against the question, 0 when no term matched.
  lexicalRank: number;
}

export interface DraftRequest {
  subject: string;
  // The customer's words, latest comment first.
  question: string;
  customerName: string | null;
  passages: Passage[];
  signOff: string;
}

export interface Draft {
  // Plain text the customer would read: greeting, answer, sign-off. Paragraphs separated by blank lines.
  reply: string;
  citedArticleIds: string[];
  // Whether the knowledge base fully sources the answer.
  sourced: boolean;
}
