import { cosineSimilarity, pickSemanticMatch, TopicSimilarity } from './semantic-match';
import { matchTopicsByRules } from './topic-rules';
import { TicketForTopics, Topic, TopicMatch } from './topic';

// What the semantic stage decides on: the embedding model's threshold and each topic's similarity to the ticket,
// asked for only when the rules matched nothing (measuring them may cost an embedding or a query).
export interface SemanticStage {
  threshold: number;
  similarities: () => TopicSimilarity[];
}

// The rules (Zendesk tags, keywords), then, only when they matched nothing, the closest topic by embedding.
// The LLM stage is not here: it is the caller's, and the topic tester skips it.
export function classifyTicket(ticket: TicketForTopics, topics: Topic[], semantic: SemanticStage | null): TopicMatch[] {
  const byRules = matchTopicsByRules(ticket, topics);
  if (byRules.length > 0 || semantic === null) return byRules;
  return pickSemanticMatch(semantic.similarities(), topics, semantic.threshold);
}

// A topic with the vectors of its texts (description and examples) in one embedding model.
export interface TopicWithVectors extends Topic {
  vectors: number[][];
}

export interface TicketWithVector extends TicketForTopics {
  vector: number[];
}

// Both stages in memory, for many tickets at once (the topic tester): each topic's best cosine similarity over
// its vectors, as pgvector's `max(1 - (embedding <=> ticket))` measures it for one ticket. `threshold` undefined:
// the model has no semantic stage.
export function classifyWithVectors(ticket: TicketWithVector, topics: TopicWithVectors[], threshold: number | undefined): TopicMatch[] {
  if (threshold === undefined) return classifyTicket(ticket, topics, null);
  return classifyTicket(ticket, topics, { threshold, similarities: () => topics.filter((topic) => topic.vectors.length > 0).map((topic) => ({ topicId: topic.id, similarity: bestSimilarity(ticket, topic) })) });
}

// The same ticket against the same topic object gives the same number: the tester asks twice (current topics and
// with the draft), so it is measured once.
const measured = new WeakMap<TicketWithVector, WeakMap<TopicWithVectors, number>>();

function bestSimilarity(ticket: TicketWithVector, topic: TopicWithVectors): number {
  let known = measured.get(ticket);
  if (!known) measured.set(ticket, (known = new WeakMap()));
  let similarity = known.get(topic);
  if (similarity === undefined) {
    similarity = topic.vectors.reduce((best, vector) => Math.max(best, cosineSimilarity(ticket.vector, vector)), Number.NEGATIVE_INFINITY);
    known.set(topic, similarity);
  }
  return similarity;
}
