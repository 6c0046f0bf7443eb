import { Injectable, Optional } from '@nestjs/common';
import { createClient, ZendeskClient } from 'node-zendesk';
import { RequestGuard } from '../application/ports/request-guard';
import { PostedNote, ZendeskGateway } from '../application/ports/zendesk-gateway';
import { AuthorRole, TicketComment, TicketSnapshot, TicketStatus, ZendeskAccount } from '../domain/ticket';
import { ZendeskError, ZendeskErrorCode } from '../domain/zendesk.error';
import { RetryPolicy, ZendeskHttp } from './zendesk-http';

interface VendorTicket {
  id: number;
  subject: string | null;
  status: TicketStatus;
  tags: string[];
  requester_id: number;
  updated_at: string;
}

interface VendorComment {
  id: number;
  author_id: number;
  body: string;
  html_body: string;
  public: boolean;
  created_at: string;
}

interface VendorAudit {
  events?: { id: number; type: string }[];
}

interface VendorUser {
  id: number;
  name: string | null;
  role: string;
  locale?: string | null;
}

interface CommentsPage {
  comments?: VendorComment[];
  users?: VendorUser[];
  meta?: { has_more: boolean };
  links?: { next: string | null };
}

interface CachedClient {
  apiToken: string;
  client: ZendeskClient;
  // The latest account the client was asked for: its transport takes from that account's budget.
  account: ZendeskAccount;
}

const PAGE_SIZE = 100;

@Injectable()
export class NodeZendeskGateway extends ZendeskGateway {
  private readonly clients = new Map<string, CachedClient>();

  private readonly http: ZendeskHttp;

  // No RetryPolicy provider in the app, so Nest passes undefined and the defaults apply; tests pass short delays.
  constructor(guard: RequestGuard, @Optional() retry: RetryPolicy = new RetryPolicy()) {
    super();
    this.http = new ZendeskHttp(guard, retry, 'webhook');
  }

  // Ticket, then its comments with their authors sideloaded (`include=users`, as Zendesk documents), then the
  // requester only if they wrote none of the comments: two requests for most tickets, three at most per page.
  async fetchTicket(account: ZendeskAccount, ticketId: string): Promise<TicketSnapshot> {
    const client = this.clientFor(account);
    const id = ticketNumber(ticketId);
    // One after the other: when the ticket's read is refused (429, an outage, a deleted ticket) nothing else went out.
    const { result } = await client.tickets.show(id);
    const ticket = result as unknown as VendorTicket;
    const { comments, users } = await this.commentsWithAuthors(account, id);
    if (!users.has(ticket.requester_id)) {
      const { result: requester } = await client.users.show(ticket.requester_id);
      users.set(ticket.requester_id, requester as unknown as VendorUser);
    }
    return {
      id: String(ticket.id),
      subject: ticket.subject ?? '',
      status: ticket.status,
      tags: ticket.tags ?? [],
      updatedAt: ticket.updated_at,
      requesterId: String(ticket.requester_id),
      requesterLocale: users.get(ticket.requester_id)?.locale ?? null,
      comments: comments.map((comment) => toComment(comment, users.get(comment.author_id))),
    };
  }

  // Sent on our transport rather than node-zendesk's tickets.update, which keeps only the ticket of the answer
  // and drops the audit that names the new comment.
  async postInternalNote(account: ZendeskAccount, ticketId: string, htmlBody: string, updatedStamp: string): Promise<PostedNote> {
    const url = `${account.baseUrl.replace(/\/+$/, '')}/api/v2/tickets/${ticketNumber(ticketId)}.json`;
    // `public: false` must be explicit: Zendesk makes a comment public when it is left out.
    const update = { ticket: { comment: { html_body: htmlBody, public: false }, safe_update: true, updated_stamp: updatedStamp } };
    const { audit } = await this.http.putJson<{ audit?: VendorAudit }>(account, url, update);
    const comment = audit?.events?.find((event) => event.type === 'Comment');
    return { commentId: comment ? String(comment.id) : null };
  }

  async addTags(account: ZendeskAccount, ticketId: string, tags: string[], updatedStamp: string): Promise<void> {
    // PUT adds to the ticket's tags (POST would replace them). node-zendesk only sends an object body, despite its types.
    const body = { tags, safe_update: true, updated_stamp: updatedStamp };
    await this.clientFor(account).tickets.addTags(ticketNumber(ticketId), body as never);
  }

  // node-zendesk's getComments neither asks for sideloads nor keeps them, so the pages are read here,
  // following Zendesk's cursor (`links.next`) with `include=users` on every page.
  private async commentsWithAuthors(account: ZendeskAccount, ticketId: number): Promise<{ comments: VendorComment[]; users: Map<number, VendorUser> }> {
    const comments: VendorComment[] = [];
    const users = new Map<number, VendorUser>();
    let url: string | null = `${account.baseUrl.replace(/\/+$/, '')}/api/v2/tickets/${ticketId}/comments.json?page[size]=${PAGE_SIZE}`;
    while (url) {
      const next: URL = new URL(url);
      next.searchParams.set('include', 'users');
      const page: CommentsPage = await this.http.getJson<CommentsPage>(account, next.toString());
      comments.push(...(page.comments ?? []));
      for (const user of page.users ?? []) users.set(user.id, user);
      url = page.meta?.has_more && page.links?.next ? page.links.next : null;
    }
    return { comments, users };
  }

  private clientFor(account: ZendeskAccount): ZendeskClient {
    const baseUrl = account.baseUrl.replace(/\/+$/, '');
    const key = `${baseUrl} ${account.email}`;
    const cached = this.clients.get(key);
    if (cached?.apiToken === account.apiToken) {
      cached.account = account;
      return cached.client;
    }
    const entry = { apiToken: account.apiToken, account } as CachedClient;
    entry.client = createClient({
      username: account.email,
      token: account.apiToken,
      endpointUri: `${baseUrl}/api/v2`,
      throwOriginalException: true,
      transportConfig: {
        transportFn: (uri: string, init: RequestInit) => this.http.send(entry.account, uri, init),
        // send() only hands over successful fetch Responses, which already have the shape node-zendesk reads.
        responseAdapter: (response: Response) => response,
      },
    });
    this.clients.set(key, entry);
    return entry.client;
  }

}

// Webhooks carry the id as text; anything but digits would end up in the request path.
function ticketNumber(ticketId: string): number {
  if (!/^\d+$/.test(ticketId)) throw new ZendeskError(ZendeskErrorCode.TicketNotFound, `"${ticketId}" is not a Zendesk ticket id`);
  return Number(ticketId);
}

function toComment(comment: VendorComment, author: VendorUser | undefined): TicketComment {
  return {
    id: String(comment.id),
    authorId: String(comment.author_id),
    authorRole: toRole(author?.role),
    authorName: author?.name ?? null,
    public: comment.public,
    body: comment.body ?? '',
    htmlBody: comment.html_body ?? '',
    createdAt: comment.created_at,
  };
}

function toRole(role: string | undefined): AuthorRole {
  return role === 'end-user' || role === 'agent' || role === 'admin' ? role : 'unknown';
}
