import { Logger } from '@nestjs/common';
import { FakeRequestGuard } from '../../../../test/support/fake-request-guard';
import { ZendeskSimulator } from '../../../../test/support/zendesk-simulator';
import { ZendeskAccount } from '../domain/ticket';
import { ZendeskError, ZendeskErrorCode } from '../domain/zendesk.error';
import { NodeZendeskGateway } from './node-zendesk.gateway';
import { RetryPolicy } from './zendesk-http';

describe('NodeZendeskGateway against the Zendesk simulator', () => {
  let zendesk: ZendeskSimulator;
  let account: ZendeskAccount;
  let sut: NodeZendeskGateway;
  let guard: FakeRequestGuard;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    zendesk = await ZendeskSimulator.start({ commentsPageSize: 2 });
    account = { baseUrl: zendesk.baseUrl, email: 'agent@example.com', apiToken: 'sim-token' };
  });
  afterAll(() => zendesk.close());

  beforeEach(() => {
    guard = new FakeRequestGuard();
    sut = new NodeZendeskGateway(guard, new RetryPolicy({ attempts: 3, backoffMs: 5, maxWaitMs: 50, timeoutMs: 1000 }));
    zendesk.setLatency(0);
  });

  const rejection = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a ZendeskError');
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(ZendeskError);
        return error as ZendeskError;
      },
    );
  const requestsTo = (path: string) => zendesk.requests.filter((r) => r.path === path);

  it('fetches the ticket with every comment across pages, oldest first, with author roles and names', async () => {
    const customer = zendesk.addUser({ name: 'Maria', role: 'end-user', locale: 'pt-BR' });
    const admin = zendesk.addUser({ name: 'Ada Admin', role: 'admin' });
    const ticket = zendesk.createTicket({ subject: 'Locked out', body: 'I forgot my password', requesterId: customer.id, tags: ['vip'] });
    zendesk.addComment(ticket.id, { authorId: zendesk.agentId, body: 'Looking into it', public: false });
    zendesk.addComment(ticket.id, { authorId: admin.id, body: 'Try the reset link' });
    zendesk.addComment(ticket.id, { authorId: customer.id, body: 'It <b>worked</b>' });
    zendesk.addComment(ticket.id, { authorId: customer.id, body: 'Thanks!' });
    zendesk.setStatus(ticket.id, 'pending');

    const snapshot = await sut.fetchTicket(account, String(ticket.id));

    const state = zendesk.getTicket(ticket.id);
    expect(snapshot).toMatchObject({
      id: String(ticket.id),
      subject: 'Locked out',
      status: 'pending',
      tags: ['vip'],
      updatedAt: state.updated_at,
      requesterId: String(customer.id),
      requesterLocale: 'pt-BR',
    });
    expect(snapshot.comments.map((c) => [c.body, c.authorRole, c.authorName, c.public])).toEqual([
      ['I forgot my password', 'end-user', 'Maria', true],
      ['Looking into it', 'agent', 'API Agent', false],
      ['Try the reset link', 'admin', 'Ada Admin', true],
      ['It <b>worked</b>', 'end-user', 'Maria', true],
      ['Thanks!', 'end-user', 'Maria', true],
    ]);
    expect(snapshot.comments[3]).toMatchObject({
      id: String(state.comments[3].id),
      authorId: String(customer.id),
      htmlBody: expect.stringContaining('It &#60;b&#62;worked&#60;/b&#62;'),
      createdAt: state.comments[3].created_at,
    });
    // Every comments page brings its authors along (include=users); the requester wrote one: no user lookup.
    const commentPages = requestsTo(`/api/v2/tickets/${ticket.id}/comments.json`);
    expect(commentPages.map((r) => r.query.include)).toEqual(['users', 'users', 'users']);
    expect(zendesk.requests.filter((r) => r.path.startsWith('/api/v2/users/'))).toEqual([]);
  });

  it("knows the requester's locale even when someone else wrote every comment", async () => {
    const customer = zendesk.addUser({ name: 'Jonas', role: 'end-user', locale: 'de' });
    const ticket = zendesk.createTicket({ subject: 'Rechnung', body: 'Opened by phone', requesterId: customer.id, openedBy: zendesk.agentId });

    const before = zendesk.requests.length;
    const snapshot = await sut.fetchTicket(account, String(ticket.id));

    expect(snapshot.requesterLocale).toBe('de');
    // Ticket, comments with their authors, and the requester, who wrote none of them.
    expect(zendesk.requests.slice(before).map((r) => r.path)).toEqual([
      `/api/v2/tickets/${ticket.id}.json`,
      `/api/v2/tickets/${ticket.id}/comments.json`,
      `/api/v2/users/${customer.id}.json`,
    ]);
  });

  it('reads a ticket beyond 2^53 by its exact id, its texts without NUL or lone surrogates, comments bounded to 256 KB', async () => {
    const customer = zendesk.addUser({ name: 'Ma\u0000ria \ud800', role: 'end-user', locale: 'pt-BR\u0000' });
    const ticket = zendesk.createTicket({ id: 9007199254740997n, subject: 'Locked\u0000 out\udc00', body: `Help\u0000 ${'x'.repeat(300_000)}`, requesterId: customer.id });

    const snapshot = await sut.fetchTicket(account, '9007199254740997');

    expect(snapshot).toMatchObject({ id: '9007199254740997', subject: 'Locked out', requesterLocale: 'pt-BR' });
    const [comment] = snapshot.comments;
    expect(comment.authorName).toBe('Maria ');
    expect(comment.body.startsWith('Help xxx')).toBe(true);
    expect(comment.body).toHaveLength(256 * 1024);
    expect(comment.htmlBody).toHaveLength(256 * 1024);
    expect(requestsTo(`/api/v2/tickets/${ticket.id}.json`)).toHaveLength(1);
  });

  it('fails a comments read whose next link goes back to a page already read, or whose comments are not a list', async () => {
    const ticket = zendesk.createTicket({ subject: 'Grinder', body: 'It clicks' });
    const commentsPath = `/api/v2/tickets/${ticket.id}/comments.json`;
    const first = `${zendesk.baseUrl}${commentsPath}?page[size]=100`;
    zendesk.failNext(10, { status: 200, body: { comments: [], users: [], meta: { has_more: true }, links: { next: first } }, match: (_, path) => path === commentsPath });
    const before = requestsTo(commentsPath).length;

    const looping = await rejection(sut.fetchTicket(account, String(ticket.id)));

    expect(looping).toMatchObject({ code: ZendeskErrorCode.Rejected, message: `Zendesk GET ${commentsPath}: malformed answer: its next page is one already read` });
    expect(requestsTo(commentsPath).length - before).toBe(1);
    zendesk.clearFaults();
    zendesk.failNext(1, { status: 200, body: { comments: 'none', meta: { has_more: false } }, match: (_, path) => path === commentsPath });
    expect((await rejection(sut.fetchTicket(account, String(ticket.id)))).message).toContain('"comments" is not a list');
  });

  it('fails a ticket read answered 200 with an HTML page or cut-short JSON as Unavailable, naming the request', async () => {
    const ticket = zendesk.createTicket({ subject: 'Grinder', body: 'It clicks' });
    const ticketPath = `/api/v2/tickets/${ticket.id}.json`;
    const commentsPath = `/api/v2/tickets/${ticket.id}/comments.json`;
    zendesk.failNext(1, { status: 200, raw: '<html><body>Be right back</body></html>', match: (_, path) => path === ticketPath });
    zendesk.failNext(1, { status: 200, raw: '{"comments":[{"id":1,"body":"It cli', match: (_, path) => path === commentsPath });

    const html = await rejection(sut.fetchTicket(account, String(ticket.id)));
    const cut = await rejection(sut.fetchTicket(account, String(ticket.id)));

    expect(html).toMatchObject({ code: ZendeskErrorCode.Unavailable, message: `Zendesk GET ${ticketPath}: HTTP 200 but the answer is not JSON (an HTML page)` });
    expect(cut).toMatchObject({ code: ZendeskErrorCode.Unavailable, message: `Zendesk GET ${commentsPath}: HTTP 200 but the answer is not JSON (cut short or malformed)` });
    expect(cut.message).not.toContain('It cli');
  });

  it('reads a comment whose body is not text as one without text, and leaves out items that are not comments', async () => {
    const ticket = zendesk.createTicket({ subject: 'Grinder', body: 'It clicks' });
    const commentsPath = `/api/v2/tickets/${ticket.id}/comments.json`;
    const comment = { id: 1, author_id: ticket.requester_id, body: 42, html_body: { p: 'x' }, created_at: '2026-11-01T10:00:00Z' };
    zendesk.failNext(1, { status: 200, body: { comments: [comment, null, 'x'], users: [null], meta: { has_more: false } }, match: (_, path) => path === commentsPath });

    const snapshot = await sut.fetchTicket(account, String(ticket.id));

    expect(snapshot.comments).toEqual([expect.objectContaining({ id: '1', body: '', htmlBody: '' })]);
  });

  it('reports a missing ticket as TicketNotFound, and a malformed id without calling Zendesk', async () => {
    expect((await rejection(sut.fetchTicket(account, '999999'))).code).toBe(ZendeskErrorCode.TicketNotFound);
    const before = zendesk.requests.length;
    expect((await rejection(sut.fetchTicket(account, '../users/1'))).code).toBe(ZendeskErrorCode.TicketNotFound);
    expect(zendesk.requests).toHaveLength(before);
  });

  it("hands a 429's Retry-After to the account's guard (which pauses every caller), then asks it again and succeeds", async () => {
    const ticket = zendesk.createTicket({ subject: 'Rate limited', body: 'Hello' });
    const path = `/api/v2/tickets/${ticket.id}.json`;
    zendesk.failNext(1, { status: 429, retryAfterSeconds: 90, match: (_, p) => p === path });

    const snapshot = await sut.fetchTicket(account, String(ticket.id));

    expect(snapshot.subject).toBe('Rate limited');
    expect(requestsTo(path)).toHaveLength(2);
    expect(guard.answers[0]).toEqual({ status: 429, retryAfter: '90' });
    // Every request, the retry included, took leave from the guard first, as webhook work.
    expect(guard.acquired).toEqual(zendesk.requests.slice(-guard.acquired.length).map(() => 'webhook'));
    expect(guard.acquired).toHaveLength(guard.answers.length);
  });

  it('retries a 5xx with backoff, then succeeds', async () => {
    const ticket = zendesk.createTicket({ subject: 'Flaky', body: 'Hello' });
    const path = `/api/v2/tickets/${ticket.id}/comments.json`;
    zendesk.failNext(2, { status: 500, match: (_, p) => p === path });

    const snapshot = await sut.fetchTicket(account, String(ticket.id));

    expect(snapshot.comments).toHaveLength(1);
    expect(requestsTo(path)).toHaveLength(3);
  });

  it.each([
    ['a 5xx', { status: 503 }],
    ['a 429', { status: 429, retryAfterSeconds: 0 }],
  ])('gives up as Unavailable after three attempts at %s', async (_, fault) => {
    const ticket = zendesk.createTicket({ subject: 'Down', body: 'Hello' });
    const path = `/api/v2/tickets/${ticket.id}.json`;
    zendesk.failNext(1000, { ...fault, match: (_m, p) => p === path });

    const error = await rejection(sut.fetchTicket(account, String(ticket.id)));

    expect(error).toMatchObject({ code: ZendeskErrorCode.Unavailable, status: fault.status, transient: true });
    expect(requestsTo(path)).toHaveLength(3);
  });

  it('gives up as Unavailable when Zendesk does not answer in time', async () => {
    const ticket = zendesk.createTicket({ subject: 'Slow', body: 'Hello' });
    sut = new NodeZendeskGateway(guard, new RetryPolicy({ attempts: 2, backoffMs: 5, timeoutMs: 50 }));
    zendesk.setLatency(200);

    expect((await rejection(sut.fetchTicket(account, String(ticket.id)))).code).toBe(ZendeskErrorCode.Unavailable);
    expect(requestsTo(`/api/v2/tickets/${ticket.id}.json`)).toHaveLength(2);
  });

  it('posts the note as a private comment, with a safe update, and says which comment it became', async () => {
    const ticket = zendesk.createTicket({ subject: 'Password', body: 'How do I reset it?' });
    const { updatedAt } = await sut.fetchTicket(account, String(ticket.id));

    const html = '<p>Use <strong>Forgot password</strong>.</p>';

    const posted = await sut.postInternalNote(account, String(ticket.id), html, updatedAt);

    const [write] = zendesk.writes().filter((w) => w.path === `/api/v2/tickets/${ticket.id}.json`);
    expect(write).toMatchObject({ method: 'PUT' });
    expect(write.body).toEqual({ ticket: { comment: { html_body: html, public: false }, safe_update: true, updated_stamp: updatedAt } });
    const note = zendesk.getTicket(ticket.id).comments.at(-1)!;
    expect(note).toMatchObject({ public: false, author_id: zendesk.agentId, html_body: html });
    expect(posted).toEqual({ commentId: String(note.id) });
  });

  it('reports a ticket that moved on since it was read as Conflict, and posts nothing', async () => {
    const ticket = zendesk.createTicket({ subject: 'Password', body: 'How do I reset it?' });
    const { updatedAt } = await sut.fetchTicket(account, String(ticket.id));
    zendesk.addComment(ticket.id, { authorId: zendesk.getTicket(ticket.id).requester_id, body: 'Anyone?' });

    const error = await rejection(sut.postInternalNote(account, String(ticket.id), '<p>Draft</p>', updatedAt));

    expect(error).toMatchObject({ code: ZendeskErrorCode.Conflict, status: 409, transient: true });
    expect(error.message).toMatch(/UpdateConflict/);
    expect(zendesk.getTicket(ticket.id).comments.filter((c) => !c.public)).toEqual([]);
  });

  it('adds tags to the existing ones with a PUT, never replacing or removing', async () => {
    const ticket = zendesk.createTicket({ subject: 'Legal', body: 'My lawyer…', tags: ['vip', 'billing'] });
    const { updatedAt } = await sut.fetchTicket(account, String(ticket.id));

    await sut.addTags(account, String(ticket.id), ['opencx_no_assist', 'vip'], updatedAt);

    expect(zendesk.getTicket(ticket.id).tags).toEqual(['vip', 'billing', 'opencx_no_assist']);
    const tagWrites = zendesk.writes().filter((w) => w.path === `/api/v2/tickets/${ticket.id}/tags.json`);
    expect(tagWrites).toEqual([
      expect.objectContaining({ method: 'PUT', body: { tags: ['opencx_no_assist', 'vip'], safe_update: true, updated_stamp: updatedAt } }),
    ]);
    expect(zendesk.writes().filter((w) => w.method === 'POST' || w.method === 'DELETE')).toEqual([]);
    expect((await rejection(sut.addTags(account, String(ticket.id), ['late'], updatedAt))).code).toBe(ZendeskErrorCode.Conflict);
  });

  it('reports wrong credentials as Unauthorized, without retrying', async () => {
    const ticket = zendesk.createTicket({ subject: 'Password', body: 'How do I reset it?' });
    const before = zendesk.requests.length;

    const error = await rejection(sut.fetchTicket({ ...account, apiToken: 'wrong-token' }, String(ticket.id)));

    expect(error).toMatchObject({ code: ZendeskErrorCode.Unauthorized, status: 401, transient: false });
    // At most the ticket and its comments, once each.
    expect(zendesk.requests.length - before).toBeLessThanOrEqual(2);
    // A rotated token takes effect without a restart.
    await expect(sut.fetchTicket(account, String(ticket.id))).resolves.toMatchObject({ id: String(ticket.id) });
  });
});
