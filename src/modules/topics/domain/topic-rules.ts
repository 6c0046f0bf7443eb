import { TicketForTopics, Topic, TopicMatch } from './topic';

// Case- and accent-insensitive, on word boundaries: "refund" matches "Refund!" but not "refunding".
export function normalizeForMatching(text: string): string {
  return ` ${text
    .normalize('NFKD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

// The rules an admin wrote: a topic matches on one of its Zendesk tags, else on one of its keywords or, when it
// has none, on its own name.
export function matchTopicsByRules(ticket: TicketForTopics, topics: Topic[]): TopicMatch[] {
  const haystack = normalizeForMatching(ticket.text);
  const ticketTags = new Set(ticket.tags.map((tag) => tag.toLowerCase()));
  const matches: TopicMatch[] = [];
  for (const topic of topics) {
    const because = matchingTag(topic, ticketTags) ?? matchingPhrase(topic, haystack);
    if (because) matches.push({ topicId: topic.id, name: topic.name, noAssist: topic.noAssist, because });
  }
  // A name inside another matched name is the less specific: "rewards balance" is about rewards, not "balance".
  const named = matches.filter((match) => match.because.startsWith('name:'));
  return matches.filter(
    (match) => !match.because.startsWith('name:') || !named.some((other) => other !== match && isInside(match.because.slice(5), other.because.slice(5))),
  );
}

const isInside = (phrase: string, longer: string) => phrase !== longer && normalizeForMatching(longer).includes(normalizeForMatching(phrase));

function matchingTag(topic: Topic, ticketTags: Set<string>): string | undefined {
  const tag = topic.zendeskTags.find((candidate) => ticketTags.has(candidate.toLowerCase()));
  return tag === undefined ? undefined : `tag:${tag}`;
}

function matchingPhrase(topic: Topic, haystack: string): string | undefined {
  const phrases = topic.keywords.length > 0 ? topic.keywords : [topic.name];
  const hit = phrases.find((phrase) => {
    const needle = normalizeForMatching(phrase);
    return needle.trim().length > 0 && haystack.includes(needle);
  });
  if (hit === undefined) return undefined;
  return topic.keywords.length > 0 ? `keyword:${hit}` : `name:${hit}`;
}
