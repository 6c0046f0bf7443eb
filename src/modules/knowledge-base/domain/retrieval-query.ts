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

export interface RetrievalQuery {
  // Subject and unanswered comments: what the question embedding and the training-answer lookup read.
  text: string;
  // The words that decide the subject: the latest comment (with the subject when it is the customer's first). In
  // full-text ranking the rest, earlier comments on what may be another subject, weighs less.
  focus: string;
  // The customer's earlier comments an agent already answered: the conversation a short follow-up ("Probate?",
  // "And for teams?") only makes sense in. Full-text ranking reads their terms as context, never as the focus.
  context: string;
}

// `comments`: the customer's unanswered public comments, latest first; `answered`: their earlier ones, before an
// agent's latest public reply, latest first. After our note and before a rep's reply a customer may ask about
// something else: the latest comment decides what the draft answers, the subject (written with the first
// comment) and earlier comments only add context.
export function buildRetrievalQuery(subject: string, comments: string[], answered: string[] = []): RetrievalQuery {
  const cleaned = comments.map(cleanCustomerMessage).filter(Boolean);
  const [latest = '', ...earlier] = cleaned;
  // The latest comment twice: repeated terms weigh more in the embedding.
  const parts = [subject.trim(), latest, latest, ...earlier].filter(Boolean);
  const context = answered.map(cleanCustomerMessage).filter(Boolean);
  const isFirstComment = earlier.length === 0 && context.length === 0;
  const focus = isFirstComment ? [subject.trim(), latest].filter(Boolean).join('\n\n') : latest;
  return {
    text: parts.join('\n\n').slice(0, MAX_QUERY_CHARS),
    focus: focus.slice(0, MAX_QUERY_CHARS),
    context: context.join('\n\n').slice(0, MAX_QUERY_CHARS),
  };
}
