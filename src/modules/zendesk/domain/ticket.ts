// Our own view of a Zendesk ticket: the adapter maps vendor payloads into these types.
export type TicketStatus = 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed';

export type AuthorRole = 'end-user' | 'agent' | 'admin' | 'unknown';

export interface TicketComment {
  id: string;
  authorId: string;
  authorRole: AuthorRole;
  authorName: string | null;
  public: boolean;
  body: string;
  htmlBody: string;
  createdAt: string;
}

export interface TicketSnapshot {
  id: string;
  subject: string;
  // Status category: custom statuses report their category in `status`.
  status: TicketStatus;
  tags: string[];
  // Raw `updated_at`, echoed back as `updated_stamp` for safe updates.
  updatedAt: string;
  requesterId: string;
  // The requester's language setting in Zendesk ("de", "pt-BR"), when known.
  requesterLocale: string | null;
  // Every comment, public and private, oldest first.
  comments: TicketComment[];
}

export interface ZendeskAccount {
  baseUrl: string;
  email: string;
  apiToken: string;
  // The account's request budget (its plan's limit); DEFAULT_REQUESTS_PER_MINUTE when not given.
  requestsPerMinute?: number;
}

// Zendesk ids are positive integers of at most 19 digits: anything else (a NUL, a megabyte of digits) is refused
// before it reaches a query, where PostgreSQL would fail on it, or a Zendesk URL.
export const ZENDESK_TICKET_ID = /^[1-9]\d{0,18}$/;
export const ZENDESK_TICKET_ID_MESSAGE = 'ticketId must be a Zendesk ticket id (a positive integer)';

export const isAgentRole = (role: AuthorRole): boolean => role === 'agent' || role === 'admin';
