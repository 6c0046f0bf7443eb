import { isAgentRole, TicketComment, TicketSnapshot } from '../../zendesk/domain/ticket';

// What the rep did with a suggestion, judged from their public reply.
export type Acceptance = 'as_is' | 'lightly_edited' | 'heavily_edited' | 'ignored';

export const ACCEPTANCES: Acceptance[] = ['as_is', 'lightly_edited', 'heavily_edited', 'ignored'];

export interface AcceptanceJudgement {
  acceptance: Acceptance;
  // Word-bag F1 of the normalized draft and reply, 0 when there was no reply.
  similarity: number;
  // The rep's public reply it was judged on; null when the ticket was solved without one.
  agentCommentId: string | null;
}

// Word-bag F1 between the draft and the reply. Calibration on the offline drafts (30–60 words):
// - ≥ 0.9: pasted, perhaps with a typo fixed or a name changed (≤ ~1 word in 10 differs);
// - ≥ 0.6: the draft is clearly the base: a sentence added or dropped, some words reworded;
// - ≥ 0.2: some of the draft survives in a mostly rewritten reply;
// - below: an unrelated reply. Two unrelated English replies share function words ("the", "your", "you"),
//   which alone reach ~0.1–0.15, hence the floor at 0.2 rather than just above 0.
const THRESHOLDS: [number, Acceptance][] = [
  [0.9, 'as_is'],
  [0.6, 'lightly_edited'],
  [0.2, 'heavily_edited'],
];

export const classifySimilarity = (similarity: number): Acceptance =>
  THRESHOLDS.find(([threshold]) => similarity >= threshold)?.[1] ?? 'ignored';

const GREETING = /^(hi|hello|hey|dear|good (morning|afternoon|evening)|hallo|guten tag|bonjour)\b[^\n]{0,40}$/i;
const SIGN_OFF = /^(best|kind|warm)?\s*(regards|wishes)\b|^(thanks|thank you|many thanks|cheers|sincerely|best|all the best)\b[\s\w]{0,20}[,.!]?$/i;

// The words of a reply without HTML, the greeting line, the sign-off and what follows it (the rep's name),
// lower-cased: reps paste our draft under their own greeting and signature.
export function replyWords(text: string): string[] {
  const plain = text
    .replace(/<(br|\/p|\/div|\/li|\/h\d)\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;|&#160;/g, ' ')
    .replace(/&amp;|&#38;/g, '&')
    .replace(/&[a-z]+;|&#\d+;/gi, ' ');
  const lines = plain.split(/\n/).map((line) => line.trim()).filter((line) => line.length > 0);
  if (lines.length > 1 && GREETING.test(lines[0])) lines.shift();
  // A sign-off only counts near the end: "Thanks for waiting, …" opening a paragraph is content.
  const signOff = lines.findIndex((line, index) => index > 0 && index >= lines.length - 3 && SIGN_OFF.test(line));
  if (signOff > 0) lines.splice(signOff);
  return lines.join(' ').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

// F1 of the two word multisets: order-blind (reps reorder sentences), length-aware (a one-line reply to a long
// draft scores low on recall).
export function replySimilarity(draft: string, reply: string): number {
  return wordMultisetF1(replyWords(draft), replyWords(reply));
}

// F1 of two word multisets, 0 when either is empty (also the eval's reply token F1).
export function wordMultisetF1(left: string[], right: string[]): number {
  if (left.length === 0 || right.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const word of left) counts.set(word, (counts.get(word) ?? 0) + 1);
  let shared = 0;
  for (const word of right) {
    const remaining = counts.get(word) ?? 0;
    if (remaining > 0) {
      shared += 1;
      counts.set(word, remaining - 1);
    }
  }
  return (2 * shared) / (left.length + right.length);
}

// Our note on the ticket: by its Zendesk comment id, else by the suggestion id its training link carries.
function noteIndex(ticket: TicketSnapshot, note: { suggestionId: string; zendeskCommentId: string | null }): number {
  const byId = note.zendeskCommentId === null ? -1 : ticket.comments.findIndex((c) => c.id === note.zendeskCommentId);
  if (byId >= 0) return byId;
  return ticket.comments.findIndex((c) => !c.public && (c.htmlBody.includes(note.suggestionId) || c.body.includes(note.suggestionId)));
}

// Judges a posted suggestion against the first public agent reply after its note. Null while there is none yet
// (the customer writing again does not count: the rep may still answer). A ticket solved or closed without
// one is `ignored`: the rep closed it without using the draft.
export function judgeSuggestion(
  ticket: TicketSnapshot,
  suggestion: { id: string; reply: string; postedAt: Date; zendeskCommentId: string | null },
): AcceptanceJudgement | null {
  const index = noteIndex(ticket, { suggestionId: suggestion.id, zendeskCommentId: suggestion.zendeskCommentId });
  // A note no longer on the ticket (deleted by a rep): its posting time is the best mark left.
  const after: TicketComment[] =
    index >= 0 ? ticket.comments.slice(index + 1) : ticket.comments.filter((c) => Date.parse(c.createdAt) > suggestion.postedAt.getTime());
  const reply = after.find((c) => c.public && isAgentRole(c.authorRole));
  if (reply) {
    const similarity = replySimilarity(suggestion.reply, reply.htmlBody || reply.body);
    return { acceptance: classifySimilarity(similarity), similarity: Math.round(similarity * 1000) / 1000, agentCommentId: reply.id };
  }
  if (ticket.status === 'solved' || ticket.status === 'closed') return { acceptance: 'ignored', similarity: 0, agentCommentId: null };
  return null;
}
