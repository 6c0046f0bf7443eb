import { Topic, TopicMatch } from './topic';

// Cosine similarity above which a ticket's closest topic matches, per embedding model: similarities of one model
// mean nothing for another. Calibrated with `npm run eval -- --topics <folder>`, which prints a sweep. For
// `offline-hashed-512-v1`, on the public CLINC150 banking queries (topics with a one-sentence description and three
// example messages): 0.325 misses the fewest no-assist queries (0.30, before the no-assist margin below) while wrongly catching 1.1 % of the others,
// at macro-F1 0.626 (the best, 0.631 at 0.40, misses 0.33 of no-assist queries); below 0.30 unrelated queries start
// matching, above 0.40 topic queries are missed. A model without an entry has no semantic stage.
export const SEMANTIC_THRESHOLDS: Readonly<Record<string, number>> = {
  'offline-hashed-512-v1': 0.325,
};

export interface TopicSimilarity {
  topicId: string;
  similarity: number;
}

// What a topic is embedded from: its description (its name when it has none) and each example, one vector each.
export function topicEmbeddingTexts(topic: Pick<Topic, 'name' | 'description' | 'examples'>): string[] {
  return [topic.description.trim() || topic.name, ...topic.examples];
}

// How close to the closest topic a no-assist topic still matches beside it. Missing a no-assist topic costs more
// than staying quiet once too often: on CLINC150 (offline embedder) a margin of 0.02–0.04 cut the no-assist
// queries missed from 30 % to 20 % and caught no more of the others; 0.05 and up began to.
export const NO_ASSIST_MARGIN = 0.03;

// Only the closest topic, and only above the threshold: with every topic above it, queries near two similar
// topics ("bill balance", "balance") matched both and were right about neither. Except for the no-assist list:
// a no-assist topic above the threshold and within NO_ASSIST_MARGIN of the closest matches too.
export function pickSemanticMatch(similarities: TopicSimilarity[], topics: Topic[], threshold: number): TopicMatch[] {
  const best = similarities.reduce<TopicSimilarity | null>((top, s) => (top === null || s.similarity > top.similarity ? s : top), null);
  if (!best || best.similarity < threshold) return [];
  const close = similarities.filter((s) => s.similarity >= threshold && s.similarity >= best.similarity - NO_ASSIST_MARGIN);
  return topics
    .map((topic) => ({ topic, similarity: close.find((s) => s.topicId === topic.id)?.similarity }))
    .filter(({ topic, similarity }) => similarity !== undefined && (topic.id === best.topicId || topic.noAssist))
    .sort((a, b) => b.similarity! - a.similarity!)
    .map(({ topic, similarity }) => ({ topicId: topic.id, name: topic.name, noAssist: topic.noAssist, because: `semantic:${similarity!.toFixed(2)}` }));
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
