import { Topic, TopicMatch } from './topic';

// Case- and accent-insensitive, on word boundaries: "refund" matches "Refund!" but not "refunding".
export function normalizeForMatching(text: string): string {
  return ` ${text
    .normalize('NFKD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

// A topic matches on any of its keywords or, when it has none, on its own name.
export function matchTopicsByKeyword(text: string, topics: Topic[]): TopicMatch[] {
  const haystack = normalizeForMatching(text);
  const matches: TopicMatch[] = [];
  for (const topic of topics) {
    const phrases = topic.keywords.length > 0 ? topic.keywords : [topic.name];
    const hit = phrases.find((phrase) => {
      const needle = normalizeForMatching(phrase);
      return needle.trim().length > 0 && haystack.includes(needle);
    });
    if (hit) {
      matches.push({
        topicId: topic.id,
        name: topic.name,
        noAssist: topic.noAssist,
        because: topic.keywords.length > 0 ? `keyword:${hit}` : `name:${hit}`,
      });
    }
  }
  return matches;
}
