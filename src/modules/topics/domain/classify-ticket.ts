import { NoAssistMatching } from '../../organizations/domain/organization';
import { topicWordIndex } from './lexical-similarity';
import { besideRuleMatches, cosineSimilarity, pickSemanticMatch, topicEmbeddingTexts, TopicSimilarity, topicSimilarity } from './semantic-match';
import { matchTopicsByRules } from './topic-rules';
import { TicketForTopics, Topic, TopicMatch } from './topic';

// What the semantic stage decides on: the embedding model's threshold, the organization's no-assist policy, and
// each topic's similarity to the ticket, asked for only when needed (measuring them may cost an embedding or a query).
export interface SemanticStage {
  threshold: number;
  policy: NoAssistMatching;
  similarities: () => TopicSimilarity[];
}

// Similarity is needed when the rules matched nothing, or when a no-assist topic they did not match could still
// match beside them: a rule naming an assisted topic must not hide a no-assist one.
export function needsSimilarity(byRules: TopicMatch[], topics: Topic[]): boolean {
  return byRules.length === 0 || topics.some((topic) => topic.noAssist && !byRules.some((match) => match.topicId === topic.id));
}

// The rules (Zendesk tags, keywords, names), then by similarity: the closest topic when the rules matched nothing,
// and the no-assist topics the policy finds beside whatever matched. The LLM stage is not here: it is the
// caller's, and the topic tester skips it.
export function classifyTicket(ticket: TicketForTopics, topics: Topic[], semantic: SemanticStage | null): TopicMatch[] {
  const byRules = matchTopicsByRules(ticket, topics);
  if (semantic === null || !needsSimilarity(byRules, topics)) return byRules;
  return besideRuleMatches(byRules, pickSemanticMatch(semantic.similarities(), topics, semantic.threshold, semantic.policy));
}

// A topic with the vectors of its texts (description and examples) in one embedding model.
export interface TopicWithVectors extends Topic {
  vectors: number[][];
}

export interface TicketWithVector extends TicketForTopics {
  vector: number[];
}

// Both stages in memory, for many tickets at once (the topic tester), measuring similarity as the service does for
// one ticket (semantic-match.ts). `threshold` undefined: the model has no semantic stage. Topics without vectors
// are left out of the semantic stage.
export function classifyWithVectors(ticket: TicketWithVector, topics: TopicWithVectors[], threshold: number | undefined, policy: NoAssistMatching = 'strict'): TopicMatch[] {
  if (threshold === undefined) return classifyTicket(ticket, topics, null);
  const similarities = () => {
    const words = wordIndexOf(topics)(ticket.text);
    return topics.filter((topic) => topic.vectors.length > 0).map((topic) => topicSimilarity(topic.id, cosinesOf(ticket, topic), words.get(topic.id)!));
  };
  return classifyTicket(ticket, topics, { threshold, policy, similarities });
}

// The tester classifies every ticket against the same two topic lists (current, and with the draft): each list's
// word index is built once, and a ticket's cosines to an unchanged topic (the same object in both) measured once.
const wordIndexes = new WeakMap<TopicWithVectors[], ReturnType<typeof topicWordIndex>>();
const measured = new WeakMap<TicketWithVector, WeakMap<TopicWithVectors, number[]>>();

function wordIndexOf(topics: TopicWithVectors[]) {
  let index = wordIndexes.get(topics);
  if (!index) wordIndexes.set(topics, (index = topicWordIndex(topics.map((topic) => ({ topicId: topic.id, texts: topicEmbeddingTexts(topic) })))));
  return index;
}

function cosinesOf(ticket: TicketWithVector, topic: TopicWithVectors): number[] {
  let known = measured.get(ticket);
  if (!known) measured.set(ticket, (known = new WeakMap()));
  let cosines = known.get(topic);
  if (cosines === undefined) {
    cosines = topic.vectors.map((vector) => cosineSimilarity(ticket.vector, vector));
    known.set(topic, cosines);
  }
  return cosines;
}
