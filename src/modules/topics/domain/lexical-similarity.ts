import { contentTerms } from '../../llm/domain/text-terms';

// Word overlap between a ticket and each text of the organization's topics, weighted by how few topics use the
// word: "fraud" names one topic, "account" half of them. Words are cut to their first five letters, so a word's
// forms meet ("fraud", "fraudulent"; "block", "blocked", "blocking") where the embedding's stemmer keeps them apart.
const PREFIX_LETTERS = 5;

export interface TopicTexts {
  topicId: string;
  texts: string[];
}

// Cosine of IDF-weighted word sets, for every text of every topic (in `topics` order), against `ticketText`.
export function lexicalSimilarities(ticketText: string, topics: TopicTexts[]): Map<string, number[]> {
  return topicWordIndex(topics)(ticketText);
}

// The topics' words and their weights, read once for many tickets.
export function topicWordIndex(topics: TopicTexts[]): (ticketText: string) => Map<string, number[]> {
  const termsOf = topics.map((topic) => topic.texts.map((text) => new Set(prefixTerms(text))));
  const topicsWith = new Map<string, number>();
  for (const texts of termsOf) for (const term of new Set(texts.flatMap((terms) => [...terms]))) topicsWith.set(term, (topicsWith.get(term) ?? 0) + 1);
  // A word no topic uses weighs most: it is in the ticket's norm, so a ticket about something else scores low.
  const idf = (term: string) => Math.log(1 + topics.length / (topicsWith.get(term) ?? 0.5));
  const norm = (terms: Iterable<string>) => Math.sqrt([...terms].reduce((sum, term) => sum + idf(term) ** 2, 0));
  const textNorms = termsOf.map((texts) => texts.map(norm));
  return (ticketText) => {
    const ticketTerms = [...new Set(prefixTerms(ticketText))];
    const ticketNorm = norm(ticketTerms);
    return new Map(
      topics.map((topic, i) => [
        topic.topicId,
        termsOf[i].map((terms, j) => {
          const denominator = ticketNorm * textNorms[i][j];
          return denominator === 0 ? 0 : ticketTerms.filter((term) => terms.has(term)).reduce((sum, term) => sum + idf(term) ** 2, 0) / denominator;
        }),
      ]),
    );
  };
}

function prefixTerms(text: string): string[] {
  return contentTerms(text).map((term) => term.slice(0, PREFIX_LETTERS));
}
