// What to search the knowledge base with: the ticket subject and the customer's own words, latest comment
// weighted most, without the signatures, quoted replies and pleasantries that would match every article.

const MAX_QUERY_CHARS = 4000;

// A line that starts any of these ends the useful part of a message.
const TAIL_MARKERS = [
  /^--\s*$/,
  /^_{3,}\s*$/,
  /^-{3,}\s*original message/i,
  /^on .{3,200} wrote:\s*$/i,
  /^from:\s.+/i,
  /^sent from my /i,
  /^(best|kind|warm)?\s*regards\b/i,
  /^(many\s+)?thanks?( you)?( very much| so much| a lot| in advance)?[,.!]*\s*$/i,
  /^cheers[,.!]*\s*$/i,
  /^sincerely[,.!]*\s*$/i,
];

const GREETING = /^(hi|hello|hey|dear|good (morning|afternoon|evening))\b[^\n]{0,40}[,!:]?\s*$/i;

export function cleanCustomerMessage(message: string): string {
  const kept: string[] = [];
  for (const rawLine of message.replace(/\r\n?/g, '\n').split('\n')) {
    const line = rawLine.trim();
    if (TAIL_MARKERS.some((marker) => marker.test(line))) break;
    // Quoted earlier replies.
    if (line.startsWith('>')) continue;
    if (kept.length === 0 && GREETING.test(line)) continue;
    kept.push(line);
  }
  return kept.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

// `comments`: the customer's unanswered public comments, latest first.
export function buildRetrievalQuery(subject: string, comments: string[]): string {
  const cleaned = comments.map(cleanCustomerMessage).filter(Boolean);
  // The latest comment twice: repeated terms weigh more in the embedding and in full-text ranking.
  const parts = [subject.trim(), cleaned[0] ?? '', cleaned[0] ?? '', ...cleaned.slice(1)].filter(Boolean);
  return parts.join('\n\n').slice(0, MAX_QUERY_CHARS);
}
