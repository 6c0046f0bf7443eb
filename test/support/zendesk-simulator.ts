import { createHmac } from 'node:crypto';
import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse, STATUS_CODES } from 'node:http';
import { AddressInfo } from 'node:net';

// An in-memory Zendesk Support API over real HTTP, for tests and the demo. Paths, payloads, auth, cursor
// pagination and safe updates behave like Zendesk's; every request is recorded; faults and latency can be injected.

export type SimRole = 'end-user' | 'agent' | 'admin';
export type SimStatus = 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed';

// `locale` as Zendesk reports a user's language, e.g. "en-US".
export interface SimUser { id: number; name: string; email: string; role: SimRole; locale: string }

export interface SimComment {
  id: number;
  type: 'Comment';
  author_id: number;
  body: string;
  html_body: string;
  plain_body: string;
  public: boolean;
  created_at: string;
}

export interface SimTicket {
  id: number;
  subject: string;
  description: string;
  status: SimStatus;
  tags: string[];
  requester_id: number;
  created_at: string;
  updated_at: string;
  custom_status_id?: number;
  comments: SimComment[];
}

export interface SimArticle {
  id: number;
  title: string;
  body: string;
  html_url: string;
  locale: string;
  section_id: number;
  user_segment_id: number | null;
  draft: boolean;
  outdated: boolean;
  updated_at: string;
  // Which help center (brand) holds it.
  brand_id: number;
}

export interface SimBrand {
  id: number;
  name: string;
  // Our stand-in for https://<brand>.zendesk.com: the same server under a path prefix.
  brand_url: string;
  has_help_center: boolean;
}

// `body` is the parsed JSON, or null.
export interface RecordedRequest { method: string; path: string; query: Record<string, string>; body: unknown; headers: IncomingHttpHeaders }

export interface SimulatorOptions {
  email?: string;
  apiToken?: string;
  // Caps every comments page, so a handful of comments spans several pages.
  commentsPageSize?: number;
}

export interface Fault { status: number; retryAfterSeconds?: number; body?: unknown; match?: (method: string, path: string) => boolean }

type Reply = { status: number; body: unknown; headers?: Record<string, string> };
type Changes = Record<string, any>;

const MAX_PAGE_SIZE = 100;

// Zendesk stamps to the second, e.g. 2026-11-24T15:23:48Z.
const isoSeconds = (epochSeconds: number) => new Date(Math.floor(epochSeconds) * 1000).toISOString().replace('.000Z', 'Z');

export function signZendeskWebhook(secret: string, timestamp: string, rawBody: string): string {
  return createHmac('sha256', secret).update(timestamp + rawBody).digest('base64');
}

const basicAuth = (email: string, apiToken: string) => `Basic ${Buffer.from(`${email}/token:${apiToken}`).toString('base64')}`;

export class ZendeskSimulator {
  readonly requests: RecordedRequest[] = [];
  readonly agentId: number;
  commentsPageSize: number;
  private readonly users = new Map<number, SimUser>();
  private readonly tickets = new Map<number, SimTicket>();
  private readonly articles: SimArticle[] = [];
  private readonly brands: SimBrand[] = [];
  private readonly sections: { id: number; name: string; category_name: string; locale: string; brand_id: number }[] = [];
  private readonly userSegments: { id: number; name: string; user_type: string }[] = [];
  readonly defaultBrandId: number;
  private readonly faults: Array<Fault & { remaining: number }> = [];
  private authorization: string;
  private latencyMs = 0;
  private readonly holds: Array<{ match: (method: string, path: string) => boolean; arrive: () => void; released: Promise<void> }> = [];
  private lastId = 0;

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    options: SimulatorOptions,
  ) {
    const email = options.email ?? 'agent@example.com';
    this.authorization = basicAuth(email, options.apiToken ?? 'sim-token');
    this.commentsPageSize = options.commentsPageSize ?? MAX_PAGE_SIZE;
    // Comments posted through the API are authored by the authenticated agent.
    this.agentId = this.addUser({ name: 'API Agent', role: 'agent', email }).id;
    this.defaultBrandId = this.nextId();
    this.brands.push({ id: this.defaultBrandId, name: 'Default', brand_url: baseUrl, has_help_center: true });
  }

  static async start(options: SimulatorOptions = {}): Promise<ZendeskSimulator> {
    let simulator: ZendeskSimulator | undefined;
    const server = createServer((req, res) => void simulator!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    simulator = new ZendeskSimulator(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, options);
    return simulator;
  }

  // The admin made a new API token in Zendesk and deleted the old one: only the new one authenticates now.
  rotateApiToken(apiToken: string): void {
    this.authorization = basicAuth(this.users.get(this.agentId)!.email, apiToken);
  }

  async close(): Promise<void> {
    // Clients keep connections alive; without this, close() waits for them to time out.
    this.server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.server.close((error) => (error ? reject(error) : resolve())));
  }

  addUser(user: { name: string; role: SimRole; email?: string; locale?: string }): SimUser {
    const id = this.nextId();
    const created = { id, name: user.name, role: user.role, email: user.email ?? `user${id}@example.com`, locale: user.locale ?? 'en-US' };
    this.users.set(id, created);
    return { ...created };
  }

  // The first comment is the public description, by the requester (a new end-user unless given) unless an
  // agent opened the ticket for them (`openedBy`).
  createTicket(input: { subject: string; body: string; requesterId?: number; openedBy?: number; status?: SimStatus; tags?: string[] }): SimTicket {
    const requesterId = input.requesterId ?? this.addUser({ name: 'Customer', role: 'end-user' }).id;
    const ticket: SimTicket = {
      id: this.nextId(),
      subject: input.subject,
      description: input.body,
      status: input.status ?? 'open',
      tags: [...new Set(input.tags ?? [])],
      requester_id: requesterId,
      created_at: '',
      updated_at: '',
      comments: [],
    };
    this.tickets.set(ticket.id, ticket);
    this.pushComment(ticket, { authorId: input.openedBy ?? requesterId, body: input.body, public: true });
    ticket.created_at = ticket.updated_at;
    return this.getTicket(ticket.id);
  }

  // Public unless `public: false`, as in Zendesk.
  addComment(ticketId: number, comment: { authorId: number; body: string; public?: boolean }): SimComment {
    return { ...this.pushComment(this.mustFind(ticketId), { ...comment, public: comment.public ?? true }) };
  }

  setStatus(ticketId: number, status: SimStatus): void {
    const ticket = this.mustFind(ticketId);
    ticket.status = status;
    touch(ticket);
  }

  addTags(ticketId: number, tags: string[]): void {
    const ticket = this.mustFind(ticketId);
    ticket.tags = [...new Set([...ticket.tags, ...tags])];
    touch(ticket);
  }

  // A copy of the full state, comments and tags included.
  getTicket(ticketId: number): SimTicket {
    return structuredClone(this.mustFind(ticketId));
  }

  deleteTicket(ticketId: number): void {
    this.tickets.delete(Number(ticketId));
  }

  // A help center: brands (the default one exists), sections in categories, user segments, articles.
  addBrand(name: string): SimBrand {
    const id = this.nextId();
    const brand = { id, name, brand_url: `${this.baseUrl}/brands/${id}`, has_help_center: true };
    this.brands.push(brand);
    return { ...brand };
  }

  addSection(input: { name: string; categoryName: string; locale?: string; brandId?: number }): number {
    const id = this.nextId();
    this.sections.push({ id, name: input.name, category_name: input.categoryName, locale: input.locale ?? 'en-us', brand_id: input.brandId ?? this.defaultBrandId });
    return id;
  }

  addUserSegment(input: { name: string; userType: 'signed_in_users' | 'staff' }): number {
    const id = this.nextId();
    this.userSegments.push({ id, name: input.name, user_type: input.userType });
    return id;
  }

  addArticle(input: {
    title: string;
    body: string;
    locale?: string;
    section_id?: number;
    user_segment_id?: number | null;
    draft?: boolean;
    outdated?: boolean;
    brandId?: number;
    id?: number;
  }): SimArticle {
    const id = input.id ?? this.nextId();
    const locale = input.locale ?? 'en-us';
    const article: SimArticle = {
      id,
      title: input.title,
      body: input.body,
      html_url: `${this.baseUrl}/hc/${locale}/articles/${id}`,
      locale,
      section_id: input.section_id ?? 0,
      user_segment_id: input.user_segment_id ?? null,
      draft: input.draft ?? false,
      outdated: input.outdated ?? false,
      updated_at: isoSeconds(Date.now() / 1000),
      brand_id: input.brandId ?? this.defaultBrandId,
    };
    this.articles.push(article);
    return { ...article };
  }

  // Edits bump updated_at, as in Zendesk, so the incremental export returns the article again.
  updateArticle(id: number, locale: string, changes: Partial<Pick<SimArticle, 'title' | 'body' | 'draft' | 'outdated'>>): void {
    const article = this.articles.find((a) => a.id === id && a.locale === locale);
    if (!article) throw new Error(`Simulator has no article ${id} (${locale})`);
    Object.assign(article, changes, { updated_at: isoSeconds(Math.max(Date.now() / 1000, Date.parse(article.updated_at) / 1000 + 1)) });
  }

  // Archived or deleted articles vanish from every list, the incremental export included.
  removeArticle(id: number): void {
    for (let i = this.articles.length - 1; i >= 0; i--) if (this.articles[i].id === id) this.articles.splice(i, 1);
  }

  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET');
  }

  // The next `count` requests that `match` (default: any) get `status` instead of their answer.
  failNext(count: number, fault: Fault): void {
    this.faults.push({ ...fault, remaining: count });
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  // The next request that `match`es is answered only after `release()`, so a test can act (kill the client)
  // while it is in flight. `arrived` resolves when that request comes in.
  holdNext(match: (method: string, path: string) => boolean): { arrived: Promise<void>; release(): void } {
    let arrive!: () => void;
    let release!: () => void;
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.holds.push({ match, arrive, released });
    return { arrived, release };
  }

  // Delivers like a Zendesk webhook: signed with base64(HMAC-SHA256(secret, timestamp + raw body)).
  async fireWebhook(targetUrl: string, signingSecret: string, body: object | string, opts: { timestamp?: string; signature?: string } = {}) {
    const rawBody = typeof body === 'string' ? body : JSON.stringify(body);
    const timestamp = opts.timestamp ?? isoSeconds(Date.now() / 1000);
    const response = await fetch(targetUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Zendesk-Webhook-Signature-Timestamp': timestamp,
        'X-Zendesk-Webhook-Signature': opts.signature ?? signZendeskWebhook(signingSecret, timestamp, rawBody),
      },
      body: rawBody,
    });
    const text = await response.text();
    return { status: response.status, body: parseJson(text) ?? text };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.baseUrl);
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    const body = raw ? parseJson(raw) : null;
    this.requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), body: body ?? null, headers: req.headers });
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const hold = this.holds.findIndex((h) => h.match(method, url.pathname));
    if (hold >= 0) {
      const [{ arrive, released }] = this.holds.splice(hold, 1);
      arrive();
      await released;
      if (req.socket.destroyed) return;
    }
    send(res, this.answer(method, url, req.headers.authorization, body));
  }

  private answer(method: string, url: URL, authorization: string | undefined, body: unknown): Reply {
    const fault = this.faults.find((f) => f.remaining > 0 && (!f.match || f.match(method, url.pathname)));
    if (fault) {
      fault.remaining -= 1;
      const headers = fault.retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(fault.retryAfterSeconds) };
      return { status: fault.status, body: fault.body ?? { error: STATUS_CODES[fault.status] }, headers };
    }
    if (authorization !== this.authorization) return { status: 401, body: { error: "Couldn't authenticate you" } };
    if (body === undefined) return { status: 400, body: { error: 'Unprocessable JSON' } };
    try {
      return this.route(method, url, (body ?? {}) as Changes);
    } catch (error) {
      return { status: 500, body: { error: 'InternalError', description: (error as Error).message } };
    }
  }

  private route(method: string, url: URL, body: Changes): Reply {
    const path = url.pathname;
    const ticketPath = /^\/api\/v2\/tickets\/(\d+)(\/comments|\/tags)?\.json$/.exec(path);
    if (ticketPath) {
      const ticket = this.tickets.get(Number(ticketPath[1]));
      const route = `${method} ${ticketPath[2] ?? ''}`;
      if (!ticket) return { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };
      if (route === 'GET ') return { status: 200, body: { ticket: ticketView(ticket) } };
      if (route === 'PUT ') return this.updateTicket(ticket, body.ticket ?? {});
      if (route === 'GET /comments') return this.listComments(ticket, url);
      if (['PUT /tags', 'POST /tags', 'DELETE /tags'].includes(route)) return this.changeTags(ticket, method, body);
    }
    if (method === 'GET' && path === '/api/v2/users/show_many.json') {
      const ids = (url.searchParams.get('ids') ?? '').split(',').map(Number);
      return { status: 200, body: { users: ids.map((id) => this.users.get(id)).filter(Boolean) } };
    }
    if (method === 'GET' && path === '/api/v2/brands.json') return { status: 200, body: { brands: this.brands, count: this.brands.length } };
    // A brand's help center lives on its own host; here, under /brands/<id>.
    const brandPath = /^\/brands\/(\d+)(\/api\/v2\/help_center\/.*)$/.exec(path);
    const brandId = brandPath ? Number(brandPath[1]) : this.defaultBrandId;
    const helpCenterPath = brandPath ? brandPath[2] : path;
    if (method === 'GET' && helpCenterPath.startsWith('/api/v2/help_center/')) return this.helpCenter(brandId, helpCenterPath, url);
    return { status: 404, body: { error: 'InvalidEndpoint', description: 'Not found' } };
  }

  private helpCenter(brandId: number, path: string, url: URL): Reply {
    const articles = this.articles.filter((a) => a.brand_id === brandId);
    if (path === '/api/v2/help_center/locales.json') {
      const locales = [...new Set(articles.map((a) => a.locale))].sort();
      return { status: 200, body: { locales: locales.length ? locales : ['en-us'], default_locale: 'en-us' } };
    }
    if (path === '/api/v2/help_center/user_segments.json') return { status: 200, body: { user_segments: this.userSegments, next_page: null } };
    // Incremental export: everything changed at or after start_time, oldest first, about 1,000 a page. Like
    // Zendesk's time-based exports, a page never splits one second: articles sharing the last one all come in it.
    if (path === '/api/v2/help_center/incremental/articles.json') {
      const startTime = Number(url.searchParams.get('start_time') ?? 0);
      const perPage = Math.min(Number(url.searchParams.get('per_page')) || 1000, 1000);
      const changed = articles
        .filter((a) => Date.parse(a.updated_at) / 1000 >= startTime)
        .sort((a, b) => Date.parse(a.updated_at) - Date.parse(b.updated_at) || a.id - b.id);
      let size = Math.min(perPage, changed.length);
      while (size < changed.length && changed[size].updated_at === changed[size - 1].updated_at) size++;
      const page = changed.slice(0, size);
      const endTime = page.length ? Date.parse(page[page.length - 1].updated_at) / 1000 : startTime;
      const more = changed.length > size;
      const next = new URL(url.pathname, this.baseUrl);
      next.searchParams.set('start_time', String(endTime + 1));
      next.searchParams.set('per_page', String(perPage));
      return { status: 200, body: { articles: page, count: page.length, end_time: endTime, next_page: more ? next.toString() : null } };
    }
    const listPath = /^\/api\/v2\/help_center\/(?:([\w-]+)\/)?(articles|sections|categories)\.json$/.exec(path);
    if (!listPath) return { status: 404, body: { error: 'InvalidEndpoint', description: 'Not found' } };
    const [, locale, kind] = listPath;
    if (kind === 'articles') {
      const { items, ...page } = this.paginate(articles.filter((a) => !locale || a.locale === locale), url, MAX_PAGE_SIZE);
      return { status: 200, body: { articles: items, ...page } };
    }
    const sections = this.sections.filter((s) => s.brand_id === brandId && (!locale || s.locale === locale));
    if (kind === 'sections') {
      const { items, ...page } = this.paginate(sections.map(({ id, name, locale: l }) => ({ id, name, locale: l, category_id: this.categoryId(id) })), url, MAX_PAGE_SIZE);
      return { status: 200, body: { sections: items, ...page } };
    }
    const categories = [...new Map(sections.map((s) => [this.categoryId(s.id), { id: this.categoryId(s.id), name: s.category_name, locale: s.locale }])).values()];
    const { items, ...page } = this.paginate(categories, url, MAX_PAGE_SIZE);
    return { status: 200, body: { categories: items, ...page } };
  }

  // Every section sits in a category of its own id + 1,000,000: enough for names to show up in notes.
  private categoryId(sectionId: number): number {
    return sectionId + 1_000_000;
  }

  private listComments(ticket: SimTicket, url: URL): Reply {
    const { items, ...page } = this.paginate(ticket.comments, url, this.commentsPageSize);
    if (!url.searchParams.get('include')?.split(',').includes('users')) return { status: 200, body: { comments: items, ...page } };
    const users = [...new Set(items.map((c) => c.author_id))].map((id) => this.users.get(id)).filter(Boolean);
    return { status: 200, body: { comments: items, ...page, users } };
  }

  private updateTicket(ticket: SimTicket, changes: Changes): Reply {
    const conflict = safeUpdateConflict(ticket, changes);
    if (conflict) return conflict;
    if (changes.status) ticket.status = changes.status;
    if (Array.isArray(changes.tags)) ticket.tags = [...new Set<string>(changes.tags)];
    const events: SimComment[] = [];
    if (changes.comment) {
      const { body, html_body: htmlBody, author_id: authorId = this.agentId } = changes.comment;
      // As in Zendesk: a comment is public unless `public: false` is said explicitly.
      events.push(this.pushComment(ticket, { authorId, body, htmlBody, public: changes.comment.public !== false }));
    } else {
      touch(ticket);
    }
    const audit = { id: this.nextId(), ticket_id: ticket.id, author_id: this.agentId, created_at: ticket.updated_at, events };
    return { status: 200, body: { ticket: ticketView(ticket), audit } };
  }

  // PUT adds tags, POST replaces them all, DELETE removes the ones given.
  private changeTags(ticket: SimTicket, method: string, changes: Changes): Reply {
    const conflict = safeUpdateConflict(ticket, changes);
    if (conflict) return conflict;
    const tags: string[] = Array.isArray(changes.tags) ? changes.tags : [];
    const next = method === 'PUT' ? [...ticket.tags, ...tags] : method === 'POST' ? tags : ticket.tags.filter((t) => !tags.includes(t));
    const deduped = [...new Set(next)];
    if (deduped.join('\n') !== ticket.tags.join('\n')) {
      ticket.tags = deduped;
      touch(ticket);
    }
    return { status: 200, body: { tags: ticket.tags } };
  }

  // Cursor pagination as Zendesk does it; the cursor is the id of the item at the page's edge.
  private paginate<T extends { id: number }>(items: T[], url: URL, cap: number) {
    const requested = Number(url.searchParams.get('page[size]')) || MAX_PAGE_SIZE;
    const size = Math.max(1, Math.min(requested, cap, MAX_PAGE_SIZE));
    const after = url.searchParams.get('page[after]');
    const start = after ? items.findIndex((item) => String(item.id) === after) + 1 : 0;
    const page = items.slice(start, start + size);
    const hasMore = start + size < items.length;
    const afterCursor = page.length > 0 ? String(page[page.length - 1].id) : null;
    const next = new URL(url.pathname, this.baseUrl);
    next.searchParams.set('page[size]', String(size));
    next.searchParams.set('page[after]', afterCursor ?? '');
    return {
      items: page,
      meta: { has_more: hasMore, after_cursor: afterCursor, before_cursor: page.length > 0 ? String(page[0].id) : null },
      links: { next: hasMore ? next.toString() : null, prev: null },
    };
  }

  private pushComment(ticket: SimTicket, input: { authorId: number; body?: string; htmlBody?: string; public: boolean }): SimComment {
    const text = input.body ?? (input.htmlBody ?? '').replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
    touch(ticket);
    const comment: SimComment = {
      id: this.nextId(),
      type: 'Comment',
      author_id: Number(input.authorId),
      body: text,
      html_body: input.htmlBody ?? `<div class="zd-comment"><p>${text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)}</p></div>`,
      plain_body: text,
      public: input.public,
      created_at: ticket.updated_at,
    };
    ticket.comments.push(comment);
    return comment;
  }

  private mustFind(ticketId: number): SimTicket {
    const ticket = this.tickets.get(Number(ticketId));
    if (!ticket) throw new Error(`Simulator has no ticket ${ticketId}`);
    return ticket;
  }

  private nextId(): number {
    return ++this.lastId;
  }
}

// Strictly increasing per ticket, even within one second, so every change outdates an earlier `updated_stamp`.
function touch(ticket: SimTicket): void {
  const previous = ticket.updated_at ? Date.parse(ticket.updated_at) / 1000 : 0;
  ticket.updated_at = isoSeconds(Math.max(Date.now() / 1000, previous + 1));
}

function safeUpdateConflict(ticket: SimTicket, changes: Changes): Reply | null {
  if (changes.safe_update !== true || Date.parse(changes.updated_stamp) === Date.parse(ticket.updated_at)) return null;
  const description = 'Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.';
  return { status: 409, body: { error: 'UpdateConflict', description } };
}

function ticketView({ comments, ...ticket }: SimTicket) {
  return { ...ticket, tags: [...ticket.tags] };
}

// undefined when the text is not JSON.
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', ...reply.headers });
  res.end(JSON.stringify(reply.body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
