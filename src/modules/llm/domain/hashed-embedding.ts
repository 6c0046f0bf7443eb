import { contentTerms } from './text-terms';

export const HASHED_EMBEDDING_DIMENSIONS = 512;

// Feature hashing ("the hashing trick") over stemmed terms, term bigrams and character 4-grams: a
// deterministic, offline embedding. Bigrams reward phrases; 4-grams tolerate typos and word-form changes.
export function hashedEmbedding(text: string, dimensions = HASHED_EMBEDDING_DIMENSIONS): number[] {
  const counts = new Map<string, number>();
  const add = (feature: string, weight: number) => counts.set(feature, (counts.get(feature) ?? 0) + weight);
  const terms = contentTerms(text);
  terms.forEach((term, i) => {
    add(`w:${term}`, 1);
    if (i > 0) add(`b:${terms[i - 1]} ${term}`, 0.5);
    const padded = `_${term}_`;
    for (let j = 0; j + 4 <= padded.length; j++) add(`c:${padded.slice(j, j + 4)}`, 0.25);
  });

  const vector = new Array<number>(dimensions).fill(0);
  for (const [feature, weight] of counts) {
    const hash = fnv1a(feature);
    // The sign bit spreads collisions around zero instead of piling them up.
    vector[hash % dimensions] += (hash & 0x80000000 ? -1 : 1) * (1 + Math.log(weight));
  }
  const norm = Math.hypot(...vector);
  // pgvector's cosine distance is undefined for a zero vector: give empty text a fixed direction instead.
  if (norm === 0) return vector.map((_, i) => (i === 0 ? 1 : 0));
  return vector.map((value) => value / norm);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
