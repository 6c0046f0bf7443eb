import { TicketSnapshot, ZendeskAccount } from '../../domain/ticket';

export interface PostedNote {
  // From the update's audit; null if Zendesk's answer did not name it.
  commentId: string | null;
}

// Everything Assist may do to Zendesk. There is deliberately no way to post a public comment.
export abstract class ZendeskGateway {
  // Ticket, all its comments (pagination followed) and the comment authors' roles.
  abstract fetchTicket(account: ZendeskAccount, ticketId: string): Promise<TicketSnapshot>;

  // Adds a private comment; `updatedStamp` makes it a safe update (409 if the ticket moved on).
  abstract postInternalNote(
    account: ZendeskAccount,
    ticketId: string,
    htmlBody: string,
    updatedStamp: string,
  ): Promise<PostedNote>;

  // Adds tags (never replaces existing ones).
  abstract addTags(account: ZendeskAccount, ticketId: string, tags: string[], updatedStamp: string): Promise<void>;
}
