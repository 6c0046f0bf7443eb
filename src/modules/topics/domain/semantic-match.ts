import { NoAssistMatching } from '../../organizations/domain/organization';
import { Topic, TopicMatch } from './topic';

// How close a ticket is to a topic: each of the topic's texts (its description, then each example) is compared
// with the ticket by the embedding's cosine and by IDF-weighted word overlap (lexical-similarity.ts), half each:
// the offline embedding weighs every word alike, the overlap weighs the words that tell topics apart. The topic's
// similarity is the mean of its three closest texts (k-nearest neighbours): one lucky text no longer decides. With
// the no-assist policy below, the no-assist queries missed on CLINC150 fell from 0.22 to 0.08 and accuracy rose
// from 0.75 to 0.80 (docs/quality.md, "Topics").
const EMBEDDING_SHARE = 0.5;
const NEAREST_TEXTS = 3;

// Similarity above which a ticket's closest topic matches, per embedding model: similarities of one model mean
// nothing for another. A model without an entry has no semantic stage. Calibrated with `npm run eval -- --topics`.
export const SEMANTIC_THRESHOLDS: Readonly<Record<string, number>> = {
  'offline-hashed-512-v1': 0.225,
};

// Missing a no-assist topic (Assist speaks where the admin said it must not) costs more than silencing a useful
// suggestion. So a no-assist topic matches beside the closest topic, and even when that one is under the
// threshold, when it is among the closest few, above a floor and near enough the closest, per the organization's
// organization's `noAssistMatching` setting. Measured on CLINC150 under cross-validation (docs/quality.md, "Topics").
export interface NoAssistPolicy {
  // A no-assist topic matches when it ranks among the `among` closest topics, its similarity reaches `floor`, and
  // it is within `margin` of the closest.
  among: number;
  floor: number;
  margin: number;
}

export const NO_ASSIST_POLICIES: Readonly<Record<NoAssistMatching, NoAssistPolicy>> = {
  // Recall first (the default): among the 3 closest, at least 0.20, within 0.10 of the closest.
  strict: { among: 3, floor: 0.2, margin: 0.06 },
  // Fewer useful suggestions silenced: within 0.03 of the closest.
  balanced: { among: 3, floor: 0.2, margin: 0.03 },
};

export interface TopicSimilarity {
  topicId: string;
  similarity: number;
  // Which text was closest: 0 the description (or name), n the n-th example.
  closestText?: number;
}

// What a topic is embedded from: its description (its name when it has none) and each example, one vector each.
export function topicEmbeddingTexts(topic: Pick<Topic, 'name' | 'description' | 'examples'>): string[] {
  return [topic.description.trim() || topic.name, ...topic.examples];
}

// One topic's similarity from its texts' cosines (`embedding[i]`) and word overlaps (`lexical[i]`).
export function topicSimilarity(topicId: string, embedding: number[], lexical: number[]): TopicSimilarity {
  const texts = embedding.map((cosine, i) => EMBEDDING_SHARE * cosine + (1 - EMBEDDING_SHARE) * (lexical[i] ?? 0));
  const order = texts.map((_, i) => i).sort((a, b) => texts[b] - texts[a] || a - b);
  const nearest = order.slice(0, NEAREST_TEXTS);
  const similarity = nearest.length === 0 ? 0 : nearest.reduce((sum, i) => sum + texts[i], 0) / nearest.length;
  return { topicId, similarity, closestText: order[0] };
}

// The closest topic, when above the threshold; and the no-assist topics the policy says match beside it.
export function pickSemanticMatch(similarities: TopicSimilarity[], topics: Topic[], threshold: number, policy: NoAssistMatching | NoAssistPolicy = 'strict'): TopicMatch[] {
  const ranked = [...similarities].sort((a, b) => b.similarity - a.similarity);
  const [best] = ranked;
  if (!best) return [];
  const { among, floor, margin } = typeof policy === 'string' ? NO_ASSIST_POLICIES[policy] : policy;
  const topicOf = new Map(topics.map((topic) => [topic.id, topic]));
  const matched = ranked.filter((s, rank) => {
    const topic = topicOf.get(s.topicId);
    if (!topic) return false;
    if (s === best && s.similarity >= threshold) return true;
    return topic.noAssist && rank < among && s.similarity >= floor && s.similarity >= best.similarity - margin;
  });
  return matched.map((s) => {
    const topic = topicOf.get(s.topicId)!;
    return { topicId: topic.id, name: topic.name, noAssist: topic.noAssist, because: reason(s) };
  });
}

// A rule names a topic outright, so similarity only adds the no-assist topics it finds beside the rules' matches.
export function besideRuleMatches(byRule: TopicMatch[], bySimilarity: TopicMatch[]): TopicMatch[] {
  if (byRule.length === 0) return bySimilarity;
  return [...byRule, ...bySimilarity.filter((match) => match.noAssist && !byRule.some((rule) => rule.topicId === match.topicId))];
}

// `semantic:0.41`, with the closest text: `semantic:0.41 example:2` (the topic's second example), or `description`.
function reason(s: TopicSimilarity): string {
  const closest = s.closestText === undefined ? '' : s.closestText === 0 ? ' description' : ` example:${s.closestText}`;
  return `semantic:${s.similarity.toFixed(2)}${closest}`;
}

// The same measure as pgvector's `1 - (a <=> b)`, for topics embedded during classification.
export function cosineSimilarity(a: number[], b: number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    normA += a[i] * a[i];
    normB += b[i] * b[i];
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
