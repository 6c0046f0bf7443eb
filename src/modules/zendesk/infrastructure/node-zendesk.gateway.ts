import { Injectable, Logger, Optional } from '@nestjs/common';
import { createClient, ZendeskClient } from 'node-zendesk';
import { ZendeskGateway } from '../application/ports/zendesk-gateway';
import { AuthorRole, TicketComment, TicketSnapshot, TicketStatus, ZendeskAccount } from '../domain/ticket';
import { ZendeskError, ZendeskErrorCode } from '../domain/zendesk.error';

// How hard one HTTP call tries before the job queue takes over.
export class RetryPolicy {
  attempts = 3;
  // Without a Retry-After, waits are backoffMs, 2×, 4× … between attempts.
  backoffMs = 500;
  // Cap on any single wait, Retry-After included.
  maxWaitMs = 30_000;
  timeoutMs = 20_000;

  constructor(overrides: Partial<RetryPolicy> = {}) {
    Object.assign(this, overrides);
  }
}

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

interface VendorUser {
  id: number;
  name: string | null;
  role: string;
}

interface CachedClient {
  apiToken: string;
  client: ZendeskClient;
}

const SHOW_MANY_LIMIT = 100;

@Injectable()
export class NodeZendeskGateway extends ZendeskGateway {
  private readonly logger = new Logger(NodeZendeskGateway.name);
  private readonly clients = new Map<string, CachedClient>();

  // No RetryPolicy provider in the app, so Nest passes undefined and the defaults apply; tests pass short delays.
  constructor(@Optional() private readonly retry: RetryPolicy = new RetryPolicy()) {
    super();
  }

  async fetchTicket(account: ZendeskAccount, ticketId: string): Promise<TicketSnapshot> {
    const client = this.clientFor(account);
    const id = ticketNumber(ticketId);
    const [{ result }, comments] = await Promise.all([client.tickets.show(id), client.tickets.getComments(id)]);
    const ticket = result as unknown as VendorTicket;
    const authors = await this.authors(client, comments as VendorComment[]);
    return {
      id: String(ticket.id),
      subject: ticket.subject ?? '',
      status: ticket.status,
      tags: ticket.tags ?? [],
      updatedAt: ticket.updated_at,
      requesterId: String(ticket.requester_id),
      comments: (comments as VendorComment[]).map((comment) => toComment(comment, authors.get(comment.author_id))),
    };
  }

  async postInternalNote(account: ZendeskAccount, ticketId: string, htmlBody: string, updatedStamp: string): Promise<void> {
    // `public: false` must be explicit: Zendesk makes a comment public when it is left out.
    await this.clientFor(account).tickets.update(ticketNumber(ticketId), {
      ticket: { comment: { html_body: htmlBody, public: false }, safe_update: true, updated_stamp: updatedStamp },
    } as never);
  }

  async addTags(account: ZendeskAccount, ticketId: string, tags: string[], updatedStamp: string): Promise<void> {
    // PUT adds to the ticket's tags (POST would replace them). node-zendesk only sends an object body, despite its types.
    const body = { tags, safe_update: true, updated_stamp: updatedStamp };
    await this.clientFor(account).tickets.addTags(ticketNumber(ticketId), body as never);
  }

  private async authors(client: ZendeskClient, comments: VendorComment[]): Promise<Map<number, VendorUser>> {
    const ids = [...new Set(comments.map((comment) => comment.author_id))];
    const authors = new Map<number, VendorUser>();
    for (let start = 0; start < ids.length; start += SHOW_MANY_LIMIT) {
      const { result } = await client.users.showMany(ids.slice(start, start + SHOW_MANY_LIMIT));
      for (const user of result as unknown as VendorUser[]) authors.set(user.id, user);
    }
    return authors;
  }

  private clientFor(account: ZendeskAccount): ZendeskClient {
    const baseUrl = account.baseUrl.replace(/\/+$/, '');
    const key = `${baseUrl} ${account.email}`;
    const cached = this.clients.get(key);
    if (cached?.apiToken === account.apiToken) return cached.client;
    const client = createClient({
      username: account.email,
      token: account.apiToken,
      endpointUri: `${baseUrl}/api/v2`,
      throwOriginalException: true,
      transportConfig: {
        transportFn: (uri: string, init: RequestInit) => this.send(uri, init),
        // send() only hands over successful fetch Responses, which already have the shape node-zendesk reads.
        responseAdapter: (response: Response) => response,
      },
    });
    this.clients.set(key, { apiToken: account.apiToken, client });
    return client;
  }

  // Every node-zendesk request ends here: we own retries and rate limits, and turn failures into ZendeskError.
  // node-zendesk on its own resolves a response carrying Retry-After as an Error *result* and lets unlisted
  // statuses (502, 504 …) through as data, so nothing but a 2xx may leave this function.
  // Retrying writes is safe: they are safe updates, so a repeat of one that did land gets a 409, not a duplicate.
  private async send(uri: string, init: RequestInit): Promise<Response> {
    const { method = 'GET', headers, body } = init;
    const label = `${method} ${new URL(uri).pathname}`;
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= this.retry.attempts;
      let response: Response;
      try {
        response = await fetch(uri, { method, headers, body, signal: AbortSignal.timeout(this.retry.timeoutMs) });
      } catch (error) {
        if (last) throw new ZendeskError(ZendeskErrorCode.Unavailable, `Zendesk ${label}: ${(error as Error).message}`);
        await this.wait(label, (error as Error).message, this.backoff(attempt));
        continue;
      }
      if (response.ok) return response;
      const retryable = response.status === 429 || response.status >= 500;
      if (!retryable || last) throw await toZendeskError(label, response);
      await response.body?.cancel();
      const retryAfter = retryAfterMs(response.headers.get('retry-after'));
      await this.wait(label, `HTTP ${response.status}`, Math.min(retryAfter ?? this.backoff(attempt), this.retry.maxWaitMs));
    }
  }

  private backoff(attempt: number): number {
    return Math.min(this.retry.backoffMs * 2 ** (attempt - 1), this.retry.maxWaitMs);
  }

  private async wait(label: string, why: string, ms: number): Promise<void> {
    this.logger.warn(`Zendesk ${label}: ${why}; retrying in ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, ms));
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

// Seconds or an HTTP date, as RFC 9110 allows.
function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

async function toZendeskError(label: string, response: Response): Promise<ZendeskError> {
  // Zendesk says `{ error, description }`, or `{ error: { title, message } }` on some endpoints.
  const payload = (await response.json().catch(() => null)) as { error?: unknown; description?: unknown } | null;
  const error = payload?.error as { title?: unknown; message?: unknown } | string | undefined;
  const parts = error && typeof error === 'object' ? [error.title, error.message] : [error, payload?.description];
  const detail = parts.filter((part) => typeof part === 'string').join(': ');
  const message = `Zendesk ${label}: HTTP ${response.status}${detail ? ` ${detail}` : ''}`;
  return new ZendeskError(codeFor(response.status), message, response.status);
}

function codeFor(status: number): ZendeskErrorCode {
  if (status === 404) return ZendeskErrorCode.TicketNotFound;
  if (status === 401 || status === 403) return ZendeskErrorCode.Unauthorized;
  if (status === 409) return ZendeskErrorCode.Conflict;
  if (status === 429 || status >= 500) return ZendeskErrorCode.Unavailable;
  return ZendeskErrorCode.Rejected;
}
