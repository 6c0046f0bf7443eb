import { createHmac } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { TRUNCATION_MARK } from '../../src/shared/text/safe-text';
import { AssistFixture, SIGNING_SECRET, startAssistFixture, waitForDecisions } from '../support/assist-fixture';
import { CapturedLog } from '../support/captured-log';
import { withAdmin } from '../support/test-database';
import { TestApp } from '../support/test-app';
import { ZendeskSimulator } from '../support/zendesk-simulator';

// What Zendesk may hand us, as its API returns it: each ticket ends in one decision (a note or a recorded
// failure), nothing refused by PostgreSQL, and the next ticket is answered as usual.
describe('Poison input: NUL, lone surrogates, huge comments, bad bodies, big ids, a lost database connection', () => {
  const log = new CapturedLog();
  let fixture: AssistFixture;
  let zendesk: ZendeskSimulator;
  let test: TestApp;
  let organizationId: string;
  let webhookUrl: string;
  let db: DataSource;

  beforeAll(async () => {
    fixture = await startAssistFixture({ logDestination: log });
    ({ zendesk, test, organizationId, webhookUrl } = fixture);
    db = test.app.get(DataSource);
  });
  afterAll(() => fixture?.close());

  const QUESTION = 'I forgot my password. How do I reset it?';
  const fire = (ticketId: number | bigint | string) => zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(ticketId) });
  const notesOn = (ticketId: number | bigint) => zendesk.getTicket(ticketId).comments.filter((c) => !c.public);
  const storedEvents = async () => Number((await db.query(`SELECT count(*) AS n FROM webhook_events`))[0].n);

  async function answered(body: string) {
    const ticket = zendesk.createTicket({ subject: 'Cannot log in', body });
    expect((await fire(ticket.id)).status).toBe(202);
    const decisions = await waitForDecisions(test, organizationId, ticket.id);
    return { ticket, decisions, notes: notesOn(ticket.id) };
  }

  async function expectNextTicketAnswered() {
    const { decisions, notes } = await answered(QUESTION);
    expect(decisions).toMatchObject([{ outcome: 'suggested' }]);
    expect(notes).toHaveLength(1);
  }

  it.each([
    ['NUL', `${QUESTION}\u0000 Thanks\u0000`],
    ['a lone surrogate', `${QUESTION} \ud800 Thanks \udc00`],
  ])('a comment with %s gets one internal note, stored without it', async (_, body) => {
    const { decisions, notes } = await answered(body);

    expect(decisions).toMatchObject([{ outcome: 'suggested', reason: 'suggested' }]);
    expect(notes).toHaveLength(1);
    const question = decisions[0].evidence.question as string;
    expect(question).toContain('How do I reset it?');
    expect(question).not.toMatch(/[\u0000\ud800-\udfff]/);
    await expectNextTicketAnswered();
  });

  it('a 2 MB comment gets one note; the question kept is bounded to 20 KB, its cut marked', async () => {
    const { decisions, notes } = await answered(`${QUESTION} `.repeat(52_000));

    expect(decisions).toMatchObject([{ outcome: 'suggested' }]);
    expect(notes).toHaveLength(1);
    const question = decisions[0].evidence.question as string;
    expect(question.length).toBeLessThanOrEqual(20 * 1024);
    expect(question.endsWith(TRUNCATION_MARK)).toBe(true);
    const [suggestion] = await db.query(`SELECT length(question) AS length, question FROM suggestions WHERE id = $1`, [decisions[0].suggestionId]);
    expect(suggestion.length).toBeLessThanOrEqual(20 * 1024);
    expect(suggestion.question.endsWith(TRUNCATION_MARK)).toBe(true);
    await expectNextTicketAnswered();
  });

  it('a ticket id beyond 2^53 is fetched, noted and recorded as that exact id', async () => {
    const id = 9007199254740993n;
    zendesk.createTicket({ id, subject: 'Cannot log in', body: QUESTION });
    expect((await fire(id)).status).toBe(202);

    const decisions = await waitForDecisions(test, organizationId, id.toString());
    expect(decisions).toMatchObject([{ ticketId: '9007199254740993', outcome: 'suggested' }]);
    expect(notesOn(id)).toHaveLength(1);
    const ticketPaths = zendesk.requests.filter((r) => r.path.startsWith('/api/v2/tickets/9007199254')).map((r) => r.path);
    expect(new Set(ticketPaths)).toEqual(new Set(['/api/v2/tickets/9007199254740993.json', '/api/v2/tickets/9007199254740993/comments.json']));
  });

  it('a webhook whose JSON ticket id is a number beyond 2^53 keeps its digits', async () => {
    const id = 9007199254740995n;
    zendesk.createTicket({ id, subject: 'Cannot log in', body: QUESTION });
    expect((await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, `{"ticket_id":${id}}`)).status).toBe(202);

    expect(await waitForDecisions(test, organizationId, id.toString())).toMatchObject([{ ticketId: id.toString(), outcome: 'suggested' }]);
    expect(notesOn(id)).toHaveLength(1);
  });

  it('a webhook whose body is not UTF-8 gets 400, and nothing is stored', async () => {
    const before = await storedEvents();
    const rawBody = Buffer.concat([Buffer.from('{"ticket_id":"1","subject":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]);
    const timestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const signature = createHmac('sha256', SIGNING_SECRET).update(timestamp).update(rawBody).digest('base64');

    const response = await fetch(webhookUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Zendesk-Webhook-Signature-Timestamp': timestamp, 'X-Zendesk-Webhook-Signature': signature },
      body: rawBody,
    });

    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/UTF-8/);
    expect(await storedEvents()).toBe(before);
  });

  it('a webhook whose JSON escapes NUL and lone surrogates is accepted, stored without them, and answered', async () => {
    const ticket = zendesk.createTicket({ subject: 'Cannot log in', body: QUESTION });
    const rawBody = `{"ticket_id":"${ticket.id}","subject":"a\\u0000b\\ud800c","\\u0000key":["\\udfff"]}`;

    const delivery = await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, rawBody);

    expect(delivery.status).toBe(202);
    const [event] = await db.query(`SELECT payload FROM webhook_events WHERE id = $1`, [(delivery.body as { eventId: string }).eventId]);
    expect(event.payload).toEqual({ ticket_id: String(ticket.id), subject: 'abc', key: [''] });
    await waitForDecisions(test, organizationId, ticket.id);
    expect(notesOn(ticket.id)).toHaveLength(1);
  });

  it('a failure whose message carries NUL is recorded as a failed decision, cleaned', async () => {
    const ticket = zendesk.createTicket({ subject: 'Cannot log in', body: QUESTION });
    zendesk.failNext(1, { status: 400, body: { error: 'Bad\u0000Request', description: 'lone \ud800 surrogate' }, match: (_, path) => path === `/api/v2/tickets/${ticket.id}.json` });

    expect((await fire(ticket.id)).status).toBe(202);

    const [decision] = await waitForDecisions(test, organizationId, ticket.id);
    expect(decision).toMatchObject({ outcome: 'failed' });
    expect(decision.evidence.error).toMatch(/HTTP 400 Bad ?Request: lone {1,2}surrogate/);
    await expectNextTicketAnswered();
  });

  it('a retried failure whose message carries NUL is stored by the queue, and the retry answers the ticket', async () => {
    const ticket = zendesk.createTicket({ subject: 'Cannot log in', body: QUESTION });
    // Every try of the first attempt: the job fails with this message, and pg-boss stores it before the retry.
    zendesk.failNext(3, { status: 503, body: { error: 'Unavailable\u0000\ud800' }, match: (_, path) => path === `/api/v2/tickets/${ticket.id}.json` });

    expect((await fire(ticket.id)).status).toBe(202);

    expect(await waitForDecisions(test, organizationId, ticket.id)).toMatchObject([{ outcome: 'suggested' }]);
    expect(notesOn(ticket.id)).toHaveLength(1);
    // Retried once: the failure was stored (an unstorable one leaves the job active until it expires).
    const jobs = await db.query(`SELECT retry_count FROM pgboss.job WHERE name = 'assist-ticket' AND data->>'ticketId' = $1`, [String(ticket.id)]);
    expect(jobs).toEqual([{ retry_count: 1 }]);
  });

  it('idle connections whose backends are terminated are logged and replaced; the app answers and assists', async () => {
    const database = new URL(test.env.DATABASE_URL).pathname.slice(1);
    // Between two polls of the queue, so that the pool's connections are idle.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const terminated = await withAdmin((admin) =>
      admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database]),
    );
    expect(terminated.rowCount).toBeGreaterThan(0);

    await waitFor(() => log.entries().some((entry) => entry.context === 'Database' && /Pooled connection lost/.test(String(entry.msg))));
    // A query may still meet a connection whose termination has not reached the pool yet (a 503, retried by its
    // caller); the pool replaces the dead ones, so the instance is ready again within seconds, without a restart.
    let ready = 0;
    await waitForAsync(async () => (ready = (await request(test.baseUrl).get('/health/ready')).status) === 200);
    expect(ready).toBe(200);
    await expectNextTicketAnswered();
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  return waitForAsync(async () => condition());
}

async function waitForAsync(condition: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
