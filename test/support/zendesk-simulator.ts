import { createServer, IncomingHttpHeaders, IncomingMessage, Server, ServerResponse, STATUS_CODES } from 'node:http';
import { AddressInfo } from 'node:net';
import { HelpCenterSimulator, SimArticle, SimBrand } from './help-center-simulator';
import { MacrosSimulator, NewMacro, SimMacro } from './macros-simulator';
import { isoSeconds, MAX_PAGE_SIZE, notFound, paginate, Reply, signZendeskWebhook } from './simulator-http';
import { exportTickets, secondsAgo } from './ticket-export-simulator';
import { SimDelivery, WebhooksSimulator } from './webhooks-simulator';

export type { SimArticle, SimBrand } from './help-center-simulator';
export type { NewMacro, SimMacro } from './macros-simulator';
export type { SimDelivery, SimTrigger, SimWebhook } from './webhooks-simulator';
export { signZendeskWebhook } from './simulator-http';

// An in-memory Zendesk Support API over real HTTP, for tests and the demo. Paths, payloads, auth, cursor
// pagination and safe updates behave like Zendesk's; every request is recorded; faults and latency can be injected.
// Guide (help centers, articles) lives in help-center-simulator.ts, macros in macros-simulator.ts.

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

// Ids are numbers, or a bigint for one beyond 2^53 (sent as the exact JSON integer Zendesk would send).
export type SimTicketId = number | bigint;

export interface SimTicket<Id extends SimTicketId = number> {
  id: Id;
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

// `body` is the parsed JSON, or null; `at` when it arrived (epoch ms), `status` what it was answered.
export interface RecordedRequest { method: string; path: string; query: Record<string, string>; body: unknown; headers: IncomingHttpHeaders; at?: number; status?: number }

export interface SimulatorOptions {
  email?: string;
  apiToken?: string;
  // Caps every comments page, so a handful of comments spans several pages.
  commentsPageSize?: number;
  // The API token's user: an agent (the default) may not list or create webhooks and triggers; an admin may.
  apiUserRole?: SimRole;
  // Caps every page of the incremental ticket export (Zendesk's is 1000).
  ticketExportPageSize?: number;
}

// A ticket answered and solved some time ago, as the solved-ticket sync finds it: the conversation in order,
// each comment public, by the requester or the agent.
export interface SolvedTicketSeed {
  subject: string;
  requester: { name: string; email?: string };
  agent: { name: string };
  conversation: { by: 'requester' | 'agent'; body: string }[];
  // Another status for a ticket the sync must leave out.
  status?: SimStatus;
  // When it was solved (its last change); comments come a minute apart before it. Default: an hour ago.
  solvedSecondsAgo?: number;
}

// `raw`: the answer's text as it is, for answers that are not JSON (cut short, an HTML page).
export interface Fault { status: number; retryAfterSeconds?: number; body?: unknown; raw?: string; match?: (method: string, path: string) => boolean }

type Changes = Record<string, any>;

interface NewTicket { subject: string; body: string; requesterId?: number; openedBy?: number; status?: SimStatus; tags?: string[] }

const basicAuth = (email: string, apiToken: string) => `Basic ${Buffer.from(`${email}/token:${apiToken}`).toString('base64')}`;

export class ZendeskSimulator {
  readonly requests: RecordedRequest[] = [];
  readonly agentId: number;
  commentsPageSize: number;
  ticketExportPageSize: number;
  private readonly users = new Map<number, SimUser>();
  // By id as digits.
  private readonly tickets = new Map<string, SimTicket<SimTicketId>>();
  private readonly deletedTickets: ExportedSimTicket[] = [];
  private readonly helpCenter: HelpCenterSimulator;
  private readonly macros: MacrosSimulator;
  // Webhooks and triggers (webhooks-simulator.ts); tests read them and their deliveries here.
  readonly webhookSettings: WebhooksSimulator;
  readonly defaultBrandId: number;
  private readonly faults: Array<Fault & { remaining: number; until?: number }> = [];
  private authorization: string;
  private latencyMs = 0;
  private readonly holds: Array<{ match: (method: string, path: string) => boolean; arrive: () => void; released: Promise<void>; applyIfGone: boolean }> = [];
  private lastId = 0;

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
    options: SimulatorOptions,
  ) {
    const email = options.email ?? 'agent@example.com';
    this.authorization = basicAuth(email, options.apiToken ?? 'sim-token');
    this.commentsPageSize = options.commentsPageSize ?? MAX_PAGE_SIZE;
    this.ticketExportPageSize = options.ticketExportPageSize ?? Number.POSITIVE_INFINITY;
    // Comments posted through the API are authored by the authenticated agent.
    this.agentId = this.addUser({ name: 'API Agent', role: options.apiUserRole ?? 'agent', email }).id;
    this.helpCenter = new HelpCenterSimulator(baseUrl, () => this.nextId());
    this.webhookSettings = new WebhooksSimulator(baseUrl, () => this.nextId());
    this.macros = new MacrosSimulator(baseUrl, () => this.nextId(), () => this.agentId);
    this.defaultBrandId = this.helpCenter.defaultBrandId;
  }

  static async start(options: SimulatorOptions = {}): Promise<ZendeskSimulator> {
    let simulator: ZendeskSimulator | undefined;
    const server = createServer((req, res) => void simulator!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    simulator = new ZendeskSimulator(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, options);
    return simulator;
  }

  // The API token's user became an admin, or lost that role.
  setApiUserRole(role: SimRole): void {
    this.users.get(this.agentId)!.role = role;
  }

  // Resolves when every webhook delivery the triggers made so far has been answered (see webhooks-simulator.ts).
  deliveriesSettled(): Promise<SimDelivery[]> {
    return this.webhookSettings.settled();
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
  createTicket(input: NewTicket & { id: bigint }): SimTicket<bigint>;
  createTicket(input: NewTicket): SimTicket;
  createTicket(input: NewTicket & { id?: bigint }): SimTicket<SimTicketId> {
    const requesterId = input.requesterId ?? this.addUser({ name: 'Customer', role: 'end-user' }).id;
    const ticket: SimTicket<SimTicketId> = {
      id: input.id ?? this.nextId(),
      subject: input.subject,
      description: input.body,
      status: input.status ?? 'open',
      tags: [...new Set(input.tags ?? [])],
      requester_id: requesterId,
      created_at: '',
      updated_at: '',
      comments: [],
    };
    this.tickets.set(String(ticket.id), ticket);
    this.pushComment(ticket, { authorId: input.openedBy ?? requesterId, body: input.body, public: true });
    ticket.created_at = ticket.updated_at;
    this.webhookSettings.ticketEvent(String(ticket.id), 'Create');
    return this.getTicket(ticket.id);
  }

  // Public unless `public: false`, as in Zendesk.
  addComment(ticketId: SimTicketId, comment: { authorId: number; body: string; public?: boolean }): SimComment {
    const added = { ...this.pushComment(this.mustFind(ticketId), { ...comment, public: comment.public ?? true }) };
    this.webhookSettings.ticketEvent(String(ticketId), 'Change');
    return added;
  }

  // No webhook fires: the ticket was solved before Assist was connected.
  seedSolvedTicket(seed: SolvedTicketSeed): SimTicket {
    const requesterId = this.addUser({ name: seed.requester.name, email: seed.requester.email, role: 'end-user' }).id;
    const agentId = this.addUser({ name: seed.agent.name, role: 'agent' }).id;
    const solvedAgo = seed.solvedSecondsAgo ?? 3600;
    const ticket: SimTicket = {
      id: this.nextId(),
      subject: seed.subject,
      description: seed.conversation[0]?.body ?? '',
      status: seed.status ?? 'solved',
      tags: [],
      requester_id: requesterId,
      created_at: secondsAgo(solvedAgo + 60 * (seed.conversation.length + 1)),
      updated_at: secondsAgo(solvedAgo),
      comments: [],
    };
    this.tickets.set(String(ticket.id), ticket);
    for (const [i, { by, body }] of seed.conversation.entries()) {
      const comment = this.pushComment(ticket, { authorId: by === 'agent' ? agentId : requesterId, body, public: true });
      comment.created_at = secondsAgo(solvedAgo + 60 * (seed.conversation.length - i));
    }
    ticket.updated_at = secondsAgo(solvedAgo);
    return this.getTicket(ticket.id);
  }

  // The seeded ticket was reopened, answered again by its agent and solved `secondsAgo` (an hour by default).
  solveAgain(ticketId: number, reply: { authorId: number; body: string }, solvedSecondsAgo = 3600): void {
    const ticket = this.mustFind(ticketId);
    const comment = this.pushComment(ticket, { ...reply, public: true });
    comment.created_at = ticket.updated_at = secondsAgo(solvedSecondsAgo);
    ticket.status = 'solved';
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
  getTicket<Id extends SimTicketId>(ticketId: Id): SimTicket<Id> {
    return structuredClone(this.mustFind(ticketId)) as SimTicket<Id>;
  }

  // Gone from the API; the incremental export still lists it, with status "deleted", as Zendesk's does.
  deleteTicket(ticketId: SimTicketId, deletedSecondsAgo = 0): void {
    const ticket = this.mustFind(ticketId);
    this.tickets.delete(String(ticketId));
    this.deletedTickets.push({ ...ticket, status: 'deleted', updated_at: secondsAgo(deletedSecondsAgo) });
  }

  // A help center: brands (the default one exists), sections in categories, user segments, articles.
  addBrand(name: string): SimBrand {
    return this.helpCenter.addBrand(name);
  }

  addSection(input: Parameters<HelpCenterSimulator['addSection']>[0]): number {
    return this.helpCenter.addSection(input);
  }

  addUserSegment(input: Parameters<HelpCenterSimulator['addUserSegment']>[0]): number {
    return this.helpCenter.addUserSegment(input);
  }

  addArticle(input: Parameters<HelpCenterSimulator['addArticle']>[0]): SimArticle {
    return this.helpCenter.addArticle(input);
  }

  getArticle(id: number, locale: string): SimArticle {
    return this.helpCenter.getArticle(id, locale);
  }

  updateArticle(id: number, locale: string, changes: Parameters<HelpCenterSimulator['updateArticle']>[2]): void {
    this.helpCenter.updateArticle(id, locale, changes);
  }

  removeArticle(id: number): void {
    this.helpCenter.removeArticle(id);
  }

  // The account's macros (shared unless `restriction` says otherwise, active unless `active: false`).
  addMacro(input: NewMacro): SimMacro {
    return this.macros.addMacro(input);
  }

  updateMacro(id: number, changes: Parameters<MacrosSimulator['updateMacro']>[1]): void {
    this.macros.updateMacro(id, changes);
  }

  // Article translation edits answer 403, as for a token whose user may not manage Guide articles.
  denyArticleWrites(denied = true): void {
    this.helpCenter.denyArticleWrites(denied);
  }

  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET');
  }

  // The next `count` requests that `match` (default: any) get `status` instead of their answer.
  failNext(count: number, fault: Fault): void {
    this.faults.push({ ...fault, remaining: count });
  }

  // Every request that `match`es (default: any) gets `status` for the next `seconds`, as in an outage. A 429
  // says, as Zendesk's rate limiter does, how many seconds remain until it lifts (Retry-After), unless
  // `retryAfterSeconds` is given; other statuses carry Retry-After only when it is given.
  failFor(seconds: number, fault: Fault): { until: number } {
    const until = Date.now() + seconds * 1000;
    this.faults.push({ ...fault, remaining: Number.POSITIVE_INFINITY, until });
    return { until };
  }

  clearFaults(): void {
    this.faults.length = 0;
  }

  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  // The next request that `match`es is answered only after `release()`, so a test can act (kill the client)
  // while it is in flight. `arrived` resolves when that request comes in. A request whose client is gone by then
  // is dropped, unless `applyIfGone`: then it takes effect unanswered, as a write Zendesk made before the client died.
  holdNext(match: (method: string, path: string) => boolean, { applyIfGone = false } = {}): { arrived: Promise<void>; release(): void } {
    let arrive!: () => void;
    let release!: () => void;
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.holds.push({ match, arrive, released, applyIfGone });
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
    const recorded: RecordedRequest = { method, path: url.pathname, query: Object.fromEntries(url.searchParams), body: body ?? null, headers: req.headers, at: Date.now() };
    this.requests.push(recorded);
    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
    const hold = this.holds.findIndex((h) => h.match(method, url.pathname));
    if (hold >= 0) {
      const [{ arrive, released, applyIfGone }] = this.holds.splice(hold, 1);
      arrive();
      await released;
      if (req.socket.destroyed) {
        if (applyIfGone) this.answer(method, url, req.headers.authorization, body);
        return;
      }
    }
    const reply = this.answer(method, url, req.headers.authorization, body);
    recorded.status = reply.status;
    send(res, reply);
  }

  private answer(method: string, url: URL, authorization: string | undefined, body: unknown): Reply {
    const now = Date.now();
    const fault = this.faults.find((f) => f.remaining > 0 && (f.until === undefined || now < f.until) && (!f.match || f.match(method, url.pathname)));
    if (fault) {
      fault.remaining -= 1;
      const remaining = fault.until !== undefined && fault.status === 429 ? Math.ceil((fault.until - now) / 1000) : undefined;
      const retryAfter = fault.retryAfterSeconds ?? remaining;
      const headers = retryAfter === undefined ? undefined : { 'Retry-After': String(retryAfter) };
      return { status: fault.status, body: fault.body ?? { error: STATUS_CODES[fault.status] }, headers, raw: fault.raw };
    }
    // Without credentials Zendesk answers users/me as the anonymous user rather than with a 401.
    if (authorization === undefined && method === 'GET' && url.pathname === '/api/v2/users/me.json') return { status: 200, body: { user: ANONYMOUS_USER } };
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
      const ticket = this.tickets.get(ticketPath[1]);
      const route = `${method} ${ticketPath[2] ?? ''}`;
      if (!ticket) return notFound();
      if (route === 'GET ') return { status: 200, body: { ticket: ticketView(ticket) } };
      if (route === 'PUT ') return this.updateTicket(ticket, body.ticket ?? {});
      if (route === 'GET /comments') return this.listComments(ticket, url);
      if (['PUT /tags', 'POST /tags', 'DELETE /tags'].includes(route)) return this.changeTags(ticket, method, body);
    }
    if (method === 'GET' && path === '/api/v2/incremental/tickets/cursor.json') {
      // Allowed for admins only, as every incremental export.
      if (this.users.get(this.agentId)!.role !== 'admin') return { status: 403, body: { error: { title: 'Forbidden', message: 'You do not have access to this page. Please contact the account owner of this help desk for further help.' } } };
      return exportTickets<ExportedSimTicket>([...this.tickets.values(), ...this.deletedTickets], url, this.baseUrl, this.ticketExportPageSize, ticketView);
    }
    if (method === 'GET' && path === '/api/v2/users/me.json') return { status: 200, body: { user: this.users.get(this.agentId) } };
    const settings = this.webhookSettings.route(method, path, url, body, this.users.get(this.agentId)!.role === 'admin');
    if (settings) return settings;
    const userPath = /^\/api\/v2\/users\/(\d+)\.json$/.exec(path);
    if (method === 'GET' && userPath) {
      const user = this.users.get(Number(userPath[1]));
      return user ? { status: 200, body: { user } } : notFound();
    }
    if (method === 'GET' && path === '/api/v2/users/show_many.json') {
      const ids = (url.searchParams.get('ids') ?? '').split(',').map(Number);
      return { status: 200, body: { users: ids.map((id) => this.users.get(id)).filter(Boolean) } };
    }
    const macros = this.macros.route(method, path, url);
    if (macros) return macros;
    if (method === 'GET' && path === '/api/v2/brands.json') return this.helpCenter.listBrands();
    // A brand's help center lives on its own host; here, under /brands/<id>.
    const brandPath = /^\/brands\/(\d+)(\/api\/v2\/help_center\/.*)$/.exec(path);
    const brandId = brandPath ? Number(brandPath[1]) : this.defaultBrandId;
    const helpCenterPath = brandPath ? brandPath[2] : path;
    if (helpCenterPath.startsWith('/api/v2/help_center/')) return this.helpCenter.route(brandId, method, helpCenterPath, url, body);
    return notFound('InvalidEndpoint');
  }

  private listComments(ticket: SimTicket<SimTicketId>, url: URL): Reply {
    const { items, ...page } = paginate(ticket.comments, url, this.commentsPageSize, this.baseUrl);
    if (!url.searchParams.get('include')?.split(',').includes('users')) return { status: 200, body: { comments: items, ...page } };
    const users = [...new Set(items.map((c) => c.author_id))].map((id) => this.users.get(id)).filter(Boolean);
    return { status: 200, body: { comments: items, ...page, users } };
  }

  private updateTicket(ticket: SimTicket<SimTicketId>, changes: Changes): Reply {
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
  private changeTags(ticket: SimTicket<SimTicketId>, method: string, changes: Changes): Reply {
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

  private pushComment(ticket: SimTicket<SimTicketId>, input: { authorId: number; body?: string; htmlBody?: string; public: boolean }): SimComment {
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

  private mustFind(ticketId: SimTicketId): SimTicket<SimTicketId> {
    const ticket = this.tickets.get(String(ticketId));
    if (!ticket) throw new Error(`Simulator has no ticket ${ticketId}`);
    return ticket;
  }

  private nextId(): number {
    return ++this.lastId;
  }
}

// A ticket as the incremental export lists it: a deleted one too.
type ExportedSimTicket = Omit<SimTicket<SimTicketId>, 'status'> & { status: SimStatus | 'deleted' };

const ANONYMOUS_USER = { id: null, url: null, name: 'Anonymous user', email: 'invalid@example.com', role: 'end-user', locale: 'en-US' };

// Strictly increasing per ticket, even within one second, so every change outdates an earlier `updated_stamp`.
function touch(ticket: SimTicket<SimTicketId>): void {
  const previous = ticket.updated_at ? Date.parse(ticket.updated_at) / 1000 : 0;
  ticket.updated_at = isoSeconds(Math.max(Date.now() / 1000, previous + 1));
}

function safeUpdateConflict(ticket: SimTicket<SimTicketId>, changes: Changes): Reply | null {
  if (changes.safe_update !== true || Date.parse(changes.updated_stamp) === Date.parse(ticket.updated_at)) return null;
  const description = 'Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.';
  return { status: 409, body: { error: 'UpdateConflict', description } };
}

function ticketView({ comments, ...ticket }: ExportedSimTicket) {
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

const BIGINT_MARK = 'bigint:9b1e4c:';

function send(res: ServerResponse, reply: Reply): void {
  res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', ...reply.headers });
  if (reply.raw !== undefined) return void res.end(reply.raw);
  // A bigint goes out as a bare JSON integer, digits exact.
  const json = JSON.stringify(reply.body, (_, value) => (typeof value === 'bigint' ? `${BIGINT_MARK}${value}` : value));
  res.end(json.replace(new RegExp(`"${BIGINT_MARK}(\\d+)"`, 'g'), '$1'));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
