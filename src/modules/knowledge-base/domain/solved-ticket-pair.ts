import { truncateText } from '../../../shared/text/safe-text';
import { isAgentRole, TicketComment, TicketSnapshot } from '../../zendesk/domain/ticket';
import { ticketQuestion } from '../../zendesk/domain/ticket-question';
import { redactPersonalData } from './personal-data';
import { cleanCustomerMessage } from './retrieval-query';

// A solved ticket as a past answer: the customer's question as Assist reads a ticket, and the agent's last public
// reply before solving, both without personal data.
export interface SolvedTicketPair {
  ticketId: string;
  // The subject, then the customer's public comments before the reply, oldest first.
  question: string;
  answer: string;
  // The reply's createdAt.
  answeredAt: string;
}

// Fewer content words than this, once pleasantries are set aside, answers nothing another ticket could reuse.
export const MIN_ANSWER_CONTENT_WORDS = 12;

// A pasted log or a forwarded thread must not make a pair the sync can never store: the question is embedded and
// indexed (an embedding model takes ~8,000 tokens, a tsvector 1 MB), and a question's first few thousand characters
// say what it asks. The answer is kept longer: a draft may read all of it.
export const MAX_PAIR_QUESTION_CHARS = 4_000;
export const MAX_PAIR_ANSWER_CHARS = 20_000;

// `people`: names to remove besides those of the ticket's comment authors (requester and agents).
export function pastAnswerOf(ticket: TicketSnapshot, people: string[] = []): SolvedTicketPair | null {
  if (ticket.status !== 'solved' && ticket.status !== 'closed') return null;
  const reply = lastAgentReply(ticket);
  if (!reply) return null;
  const { subject, answeredCustomerComments } = ticketQuestion(ticket);
  const asked = answeredCustomerComments.map(cleanCustomerMessage).filter(Boolean).reverse();
  if (asked.length === 0) return null;
  const answer = cleanCustomerMessage(reply.body);
  if (!isSubstantiveAnswer(answer)) return null;
  const names = [...ticket.comments.map((comment) => comment.authorName ?? ''), ...people].filter((name) => name.trim());
  // Redacted whole, then cut: cut first, half an email address at the cut would no longer look like one.
  return {
    ticketId: ticket.id,
    question: truncateText(redactPersonalData([subject.trim(), ...asked].filter(Boolean).join('\n\n'), names), MAX_PAIR_QUESTION_CHARS),
    answer: truncateText(withoutSalutation(redactPersonalData(answer, names)), MAX_PAIR_ANSWER_CHARS),
    answeredAt: reply.createdAt,
  };
}

// The greeting and the sign-off of a reply, once the names in them are placeholders ("Hi [name], …", "Best, [name]"),
// address nobody: left in, a draft grounded on the reply would open with "Hi [name]" to another customer.
const GREETING = /^\s{0,20}(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|hallo|guten tag|bonjour|hola)[ \t]{1,5}\[name\][ \t]{0,5}[,!.:;-]?\s{0,20}/i;
const SIGN_OFF = /[ \t\n]{0,20}(?:(?:best|kind|warm|many)(?: regards| wishes)?|regards|cheers|thanks(?: again)?|thank you|sincerely|all the best|cordialement|viele grüße|mit freundlichen grüßen|saludos)[ \t]{0,5}[,!.-]?[ \t\n]{0,20}\[name\][ \t]{0,5}[.!]?\s{0,20}$/i;
const TRAILING_NAME = /[ \t\n]{0,20}(?:[-–—][ \t]{0,5})?\[name\][ \t]{0,5}[.!]?\s{0,20}$/;

export function withoutSalutation(reply: string): string {
  const body = reply.replace(GREETING, '').replace(SIGN_OFF, '').replace(TRAILING_NAME, '').trim();
  // "Hi [name], a leak …": the answer's first sentence, once the greeting is gone, starts as a sentence does.
  return body === reply.trim() ? body : body.charAt(0).toUpperCase() + body.slice(1);
}

function lastAgentReply(ticket: TicketSnapshot): TicketComment | null {
  return ticket.comments.filter((comment) => comment.public && isAgentRole(comment.authorRole)).at(-1) ?? null;
}

// Markers of a message no person wrote: an auto-reply or a notification a trigger or macro posted as a comment.
const AUTOMATIC_MESSAGE = [
  /##- ?please type your reply above this line ?-##/i,
  /\b(?:automated|automatic|auto-generated) (?:reply|response|message|notification|e-?mail)\b/i,
  /\bauto-?reply\b|\bout of (?:the )?office\b/i,
  /\bautomatische (?:antwort|nachricht|benachrichtigung)\b/i,
  /\b(?:réponse|message) automatique\b/i,
];

// Sentences that answer nothing: thanks, closing the ticket, "let us know if …", wishes, and the acknowledgements
// of an automatic reply. Each is anchored on the whole sentence with a bounded tail, so "Thanks, to fix this open
// Settings > Export and …" still counts.
const PLEASANTRIES = [
  /^(?:many |vielen |herzlichen )?(?:thanks|thank you|danke|dank|merci)(?: (?:so|very) much| a lot| beaucoup)?(?:[ ,]+(?:for|again|für|pour)\b[^.!?]{0,80})?[.!]*$/i,
  /^(?:thanks|thank you|ok(?:ay)?|great)[ ,!]+(?:and )?(?:(?:i'?m|we'?re|i'?ll|we'?ll) )?(?:now )?(?:clos(?:e|ing)|solv(?:e|ing)|mark(?:ing)?)\b[^.!?]{0,60}[.!]*$/i,
  /^(?:(?:i'?m|i am|we'?re|we are|so) )*(?:glad|happy|pleased) (?:(?:i|we) could|to) (?:help|hear|assist)\b[^.!?]{0,60}[.!]*$/i,
  /^(?:please )?(?:let (?:us|me) know|feel free to (?:reach out|contact us|get in touch|reply)|don'?t hesitate to (?:reach out|contact us|get in touch|reply))(?: (?:if|should|whenever|when)\b[^.!?]{0,60}(?:questions?|help|assistance|anything else|else|issues?|problems?|concerns?))?(?: (?:in the future|at any time|again))?[.!]*$/i,
  /^(?:(?:i'?ll|i will|we'?ll|we will|i'?m|i am|we'?re|we are|i'?ve|we'?ve) )?(?:now |go ahead and |going to )?(?:clos(?:e|ing)|mark(?:ing)?|set(?:ting)?|solv(?:e|ing))(?: this| the| your)? (?:ticket|request|case|conversation)\b[^.!?]{0,60}[.!]*$/i,
  /^(?:this|the|your) (?:ticket|request|case)(?: #?\d{1,19})? (?:has been|is|was|will be|is now) (?:now )?(?:closed|solved|resolved|received|marked as (?:solved|closed))\b[^.!?]{0,100}[.!]*$/i,
  /^we(?:'ve| have) (?:received|got) your (?:request|message|e-?mail|ticket)\b[^.!?]{0,100}[.!]*$/i,
  /^(?:have|enjoy) a (?:great|nice|good|lovely|wonderful) (?:day|week|weekend|evening)\b[^.!?]{0,30}[.!]*$/i,
  /^(?:i |we )?hope (?:this|that|it) (?:helps?|works|clarifies)\b[^.!?]{0,30}[.!]*$/i,
  /^(?:you'?re|you are) (?:very |most )?welcome\b[^.!?]{0,30}[.!]*$/i,
  /^(?:n'hésitez pas|zögern sie nicht)\b[^.!?]{0,80}[.!]*$/i,
];

// Function words of English, German and French: they make a sentence, not an answer.
const FUNCTION_WORDS = new Set(
  (
    'a an the and or but if so to of in on at by for with from as is are was were be been being it its this that these those ' +
    'i me my we us our you your he she they them their his her what which who how when where there here do does did done have has had ' +
    'will would can could should may might must not no yes just also very all any some more than then too up out about into over ' +
    'der die das ein eine einen und oder aber wenn zu von in im auf mit für ist sind war es ich wir sie ihr ihre nicht auch noch ' +
    'le la les un une des et ou mais si à de du en au aux pour avec est sont il elle nous vous ils je ce cette ne pas plus'
  ).split(' '),
);

export function isSubstantiveAnswer(answer: string): boolean {
  if (AUTOMATIC_MESSAGE.some((marker) => marker.test(answer))) return false;
  const sentences = answer.split(/(?<=[.!?])\s+|\n+/).map((sentence) => sentence.trim()).filter(Boolean);
  const content = sentences.filter((sentence) => !PLEASANTRIES.some((pleasantry) => pleasantry.test(sentence)));
  return contentWordCount(content.join(' ')) >= MIN_ANSWER_CONTENT_WORDS;
}

function contentWordCount(text: string): number {
  const words = text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}'’-]{0,60}/gu) ?? [];
  return words.filter((word) => !FUNCTION_WORDS.has(word)).length;
}
