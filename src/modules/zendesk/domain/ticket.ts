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

export const isAgentRole = (role: AuthorRole): boolean => role === 'agent' || role === 'admin';
