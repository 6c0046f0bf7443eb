import { Injectable, Optional } from '@nestjs/common';
import { createClient, ZendeskClient } from 'node-zendesk';
import { RequestGuard } from '../application/ports/request-guard';
import { PostedNote, ZendeskGateway } from '../application/ports/zendesk-gateway';
import { AuthorRole, TicketComment, TicketSnapshot, TicketStatus, ZendeskAccount } from '../domain/ticket';
import { ZendeskError, ZendeskErrorCode } from '../domain/zendesk.error';
import { isOptionalText, isRecord, listIn, malformedAnswer } from './vendor-answer';
import { vendorText } from './vendor-text';
import { ZendeskRequest, ZendeskResponse } from './keep-alive-request';
import { readJson, RetryPolicy, ZendeskHttp } from './zendesk-http';
import { RequestPriority } from '../domain/request-budget';

// Ids are read with parseJsonExact: numbers, or digit strings beyond 2^53.
type VendorId = number | string;

interface VendorTicket {
  subject: string | null;
  status: TicketStatus;
  tags: string[];
  requester_id: VendorId;
  updated_at: string;
}

interface VendorComment {
  id: VendorId;
  author_id: VendorId;
  body: string;
  html_body: string;
  public: boolean;
  created_at: string;
}

interface VendorAudit {
  events?: { id: VendorId; type: string }[];
}

interface VendorUser {
  id: VendorId;
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
    this.http = new ZendeskHttp(guard, retry, this.priority);
  }

  // Read in the constructor: a subclass for background reads (SyncPriorityTicketReader) overrides it.
  protected get priority(): RequestPriority {
    return 'webhook';
  }

  // Ticket, then its comments with their authors sideloaded (`include=users`, as Zendesk documents), then the
  // requester only if they wrote none of the comments: two requests for most tickets, three at most per page.
  async fetchTicket(account: ZendeskAccount, ticketId: string): Promise<TicketSnapshot> {
    const client = this.clientFor(account);
    const id = ticketPathId(ticketId);
    // One after the other: when the ticket's read is refused (429, an outage, a deleted ticket) nothing else went out.
    const { result } = await client.tickets.show(id);
    const ticket = result as unknown as VendorTicket;
    const requesterId = String(ticket.requester_id);
    const { comments, users } = await this.commentsWithAuthors(account, ticketId);
    if (!users.has(requesterId)) {
      // node-zendesk only puts the id into the path: digit strings go out unchanged.
      const { result: requester } = await client.users.show(requesterId as unknown as number);
      users.set(requesterId, requester as unknown as VendorUser);
    }
    const requesterLocale = users.get(requesterId)?.locale;
    return {
      // The id asked for, as digits: the answer's would be a rounded number beyond 2^53 if read carelessly.
      id: ticketId,
      subject: vendorText.line(ticket.subject),
      status: ticket.status,
      tags: (ticket.tags ?? []).map(vendorText.line),
      updatedAt: ticket.updated_at,
      requesterId,
      requesterLocale: requesterLocale ? vendorText.code(requesterLocale) : null,
      comments: comments.map((comment) => toComment(comment, users.get(String(comment.author_id)))),
    };
  }

  // Sent on our transport rather than node-zendesk's tickets.update, which keeps only the ticket of the answer
  // and drops the audit that names the new comment.
  async postInternalNote(account: ZendeskAccount, ticketId: string, htmlBody: string, updatedStamp: string): Promise<PostedNote> {
    const url = `${baseUrlOf(account)}/api/v2/tickets/${ticketPathId(ticketId)}.json`;
    // `public: false` must be explicit: Zendesk makes a comment public when it is left out.
    const update = { ticket: { comment: { html_body: htmlBody, public: false }, safe_update: true, updated_stamp: updatedStamp } };
    const { audit } = await this.http.putJson<{ audit?: VendorAudit }>(account, url, update);
    const comment = audit?.events?.find((event) => event.type === 'Comment');
    return { commentId: comment ? String(comment.id) : null };
  }

  async addTags(account: ZendeskAccount, ticketId: string, tags: string[], updatedStamp: string): Promise<void> {
    // PUT adds to the ticket's tags (POST would replace them). node-zendesk only sends an object body, despite its types.
    const body = { tags, safe_update: true, updated_stamp: updatedStamp };
    await this.clientFor(account).tickets.addTags(ticketPathId(ticketId), body as never);
  }

  // node-zendesk's getComments neither asks for sideloads nor keeps them, so the pages are read here,
  // following Zendesk's cursor (`links.next`) with `include=users` on every page. Users by id as digits.
  private async commentsWithAuthors(account: ZendeskAccount, ticketId: string): Promise<{ comments: VendorComment[]; users: Map<string, VendorUser> }> {
    const comments: VendorComment[] = [];
    const users = new Map<string, VendorUser>();
    let url: string | null = `${baseUrlOf(account)}/api/v2/tickets/${ticketPathId(ticketId)}/comments.json?page[size]=${PAGE_SIZE}`;
    const label = `GET /api/v2/tickets/${ticketId}/comments.json`;
    const pagesRead = new Set<string>();
    while (url) {
      // A next link back to a page already read would read the same comments forever.
      if (pagesRead.has(url)) throw malformedAnswer(label, 'its next page is one already read');
      pagesRead.add(url);
      const next: URL = new URL(url);
      next.searchParams.set('include', 'users');
      const page: CommentsPage = await this.http.getJson<CommentsPage>(account, next.toString());
      if (page?.comments !== undefined) comments.push(...(listIn(page, 'comments', label).filter(isRecord) as unknown as VendorComment[]));
      for (const user of Array.isArray(page?.users) ? page.users.filter(isRecord) : []) users.set(String(user.id), user);
      url = page?.meta?.has_more && typeof page.links?.next === 'string' ? page.links.next : null;
    }
    return { comments, users };
  }

  private clientFor(account: ZendeskAccount): ZendeskClient {
    const baseUrl = baseUrlOf(account);
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
        transportFn: (uri: string, init: ZendeskRequest) => this.http.send(entry.account, uri, init),
        // send() only hands over successful answers; their JSON is read keeping big ids exact.
        responseAdapter: (response: ZendeskResponse) => ({
          status: response.status,
          statusText: response.statusText,
          headers: response.headers,
          json: () => readJson(response),
        }),
      },
    });
    this.clients.set(key, entry);
    return entry.client;
  }
}

const baseUrlOf = (account: ZendeskAccount) => account.baseUrl.replace(/\/+$/, '');

// Webhooks carry the id as text; anything but digits would end up in the request path. The digits stay a string
// (Number() rounds ids beyond 2^53): node-zendesk types ids as numbers but only puts them into the path.
function ticketPathId(ticketId: string): number {
  if (!/^\d+$/.test(ticketId)) throw new ZendeskError(ZendeskErrorCode.TicketNotFound, `"${ticketId}" is not a Zendesk ticket id`);
  return ticketId as unknown as number;
}

function toComment(comment: VendorComment, author: VendorUser | undefined): TicketComment {
  return {
    id: String(comment.id),
    authorId: String(comment.author_id),
    authorRole: toRole(author?.role),
    authorName: author?.name ? vendorText.line(author.name) : null,
    public: comment.public,
    // A body that is not text is read as none, as a null one is.
    body: vendorText.comment(isOptionalText(comment.body) ? comment.body : null),
    htmlBody: vendorText.comment(isOptionalText(comment.html_body) ? comment.html_body : null),
    createdAt: comment.created_at,
  };
}

function toRole(role: string | undefined): AuthorRole {
  return role === 'end-user' || role === 'agent' || role === 'admin' ? role : 'unknown';
}

// The same ticket reads for the solved-ticket sync: background work, so it leaves the account's budget to webhook
// jobs first, as the Guide sync does.
export class SyncPriorityTicketReader extends NodeZendeskGateway {
  protected override get priority(): RequestPriority {
    return 'sync';
  }
}
