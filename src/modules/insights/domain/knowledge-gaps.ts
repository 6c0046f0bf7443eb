import { contentTerms, stem, words } from '../../llm/domain/text-terms';
import { cosineSimilarity } from '../../topics/domain/semantic-match';

// A question Assist could not source an answer for (a `not_helpful_answer` skip).
export interface GapQuestion {
  ticketId: string;
  question: string;
  at: Date;
}

// Questions alike enough to be one missing article, labelled by the words that set them apart.
export interface KnowledgeGap {
  label: string;
  size: number;
  examples: GapQuestion[];
}

// Cosine to a cluster's centroid needed to join it, per embedding model. `offline-hashed-512-v1` scores paraphrases
// of one question 0.4–0.8 and unrelated questions below 0.2 (knowledge-gaps.spec.ts). Dense models (OpenAI's) score
// even unrelated support questions higher: 0.5 is a first guess for them, not yet calibrated on real tickets.
const GAP_THRESHOLDS: Readonly<Record<string, number>> = { 'offline-hashed-512-v1': 0.3 };
const DEFAULT_GAP_THRESHOLD = 0.5;

export const gapSimilarityThreshold = (embeddingModel: string): number => GAP_THRESHOLDS[embeddingModel] ?? DEFAULT_GAP_THRESHOLD;

const MAX_LABEL_TERMS = 4;
const MIN_LABEL_TERMS = 2;
const EXAMPLES_PER_GAP = 3;
const EXAMPLE_CHARS = 300;

// Leader clustering: each vector, in order, joins the cluster whose centroid is the most similar if that cosine
// reaches the threshold, else starts a cluster of its own. Returns the clusters as lists of indexes.
export function clusterByCentroid(vectors: number[][], threshold: number): number[][] {
  const clusters: { members: number[]; sum: number[] }[] = [];
  vectors.forEach((vector, index) => {
    let best: (typeof clusters)[number] | undefined;
    let bestSimilarity = threshold;
    for (const cluster of clusters) {
      const similarity = cosineSimilarity(vector, cluster.sum);
      if (similarity >= bestSimilarity) [best, bestSimilarity] = [cluster, similarity];
    }
    if (!best) clusters.push({ members: [index], sum: [...vector] });
    else {
      best.members.push(index);
      best.sum = best.sum.map((value, i) => value + vector[i]);
    }
  });
  return clusters.map((cluster) => cluster.members);
}

// The gaps among questions (newest first) and their embeddings: biggest first, then most recent; singletons too.
export function knowledgeGaps(questions: GapQuestion[], vectors: number[][], threshold: number, limit: number): KnowledgeGap[] {
  const terms = questions.map((q) => new Set(contentTerms(q.question)));
  const documentFrequency = countTerms(terms);
  return clusterByCentroid(vectors, threshold)
    .sort((a, b) => b.length - a.length || a[0] - b[0])
    .slice(0, limit)
    .map((members) => ({
      label: label(members.map((i) => questions[i].question), members.map((i) => terms[i]), documentFrequency, questions.length),
      size: members.length,
      examples: members.slice(0, EXAMPLES_PER_GAP).map((i) => ({ ...questions[i], question: trimmed(questions[i].question) })),
    }));
}

// Terms most of the cluster shares and few other questions use (TF-IDF over question sets), in the asker's words.
function label(texts: string[], termSets: Set<string>[], documentFrequency: Map<string, number>, total: number): string {
  const inCluster = countTerms(termSets);
  const firstSeen = [...new Set(termSets.flatMap((set) => [...set]))];
  const score = (term: string) => (inCluster.get(term)! / termSets.length) * Math.log(1 + total / documentFrequency.get(term)!);
  const ranked = firstSeen.map((term) => ({ term, score: score(term) })).sort((a, b) => b.score - a.score);
  const best = ranked[0]?.score ?? 0;
  const chosen = ranked.filter((r, i) => i < MIN_LABEL_TERMS || r.score >= best / 2).slice(0, MAX_LABEL_TERMS);
  // A question of stopwords only ("why?") has no terms: its own words are the best label left.
  return chosen.length > 0 ? chosen.map((r) => surfaceWord(r.term, texts)).join(' ') : trimmed(texts[0]);
}

// The word the askers wrote most often for a stemmed term ("shipping" rather than "shipp").
function surfaceWord(term: string, texts: string[]): string {
  const forms = new Map<string, number>();
  for (const word of texts.flatMap(words)) if (stem(word) === term) forms.set(word, (forms.get(word) ?? 0) + 1);
  return [...forms].sort((a, b) => b[1] - a[1])[0]?.[0] ?? term;
}

function countTerms(termSets: Set<string>[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const set of termSets) for (const term of set) counts.set(term, (counts.get(term) ?? 0) + 1);
  return counts;
}

function trimmed(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= EXAMPLE_CHARS) return flat;
  const cut = flat.slice(0, EXAMPLE_CHARS);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : EXAMPLE_CHARS)}…`;
}
