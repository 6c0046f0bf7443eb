import { isAgentRole, TicketComment, TicketSnapshot } from './ticket';

// How Assist reads a ticket as a question: the pipeline drafts from it, the evaluation asks through it, and a solved
// ticket's past answer is paired with the question it answered.

export function latestPublicComment(ticket: TicketSnapshot): TicketComment | null {
  const publicComments = ticket.comments.filter((comment) => comment.public);
  return publicComments.at(-1) ?? null;
}

// The customer's side of the conversation since the last agent reply, latest first.
export function unansweredCustomerComments(ticket: TicketSnapshot): string[] {
  return customerCommentsAroundLastAgentReply(ticket).unanswered;
}

// The customer's public comments after an agent's latest public reply (unanswered), and before it (answered),
// each latest first.
function customerCommentsAroundLastAgentReply(ticket: TicketSnapshot): { unanswered: string[]; answered: string[] } {
  const publicComments = ticket.comments.filter((comment) => comment.public);
  const lastAgentIndex = publicComments.map((c) => isAgentRole(c.authorRole)).lastIndexOf(true);
  const bodies = (comments: TicketSnapshot['comments']) =>
    comments
      .map((comment) => comment.body.trim())
      .filter(Boolean)
      .reverse();
  return {
    unanswered: bodies(publicComments.slice(lastAgentIndex + 1)),
    answered: bodies(publicComments.slice(0, Math.max(lastAgentIndex, 0)).filter((comment) => !isAgentRole(comment.authorRole))),
  };
}

// What a draft is asked from a ticket; the pipeline and `npm run eval` both read a ticket through it.
export interface TicketQuestion {
  subject: string;
  // The customer's unanswered public comments, latest first.
  customerComments: string[];
  // The customer's earlier public comments, which an agent answered, latest first: the conversation's context.
  answeredCustomerComments: string[];
  customerName: string | null;
  customerLocale: string | null;
}

export function ticketQuestion(ticket: TicketSnapshot): TicketQuestion {
  const requester = ticket.comments.find((comment) => comment.authorId === ticket.requesterId);
  const { unanswered, answered } = customerCommentsAroundLastAgentReply(ticket);
  return {
    subject: ticket.subject,
    customerComments: unanswered,
    answeredCustomerComments: answered,
    customerName: requester?.authorName ?? null,
    customerLocale: ticket.requesterLocale,
  };
}
