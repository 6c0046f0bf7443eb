import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AssistFixture, SIGNING_SECRET, startAssistFixture, waitForDecisions } from '../support/assist-fixture';
import { TestApp } from '../support/test-app';
import { signZendeskWebhook, ZendeskSimulator } from '../support/zendesk-simulator';

describe('Zendesk webhook intake: bad input gets a clear error and nothing is stored', () => {
  let fixture: AssistFixture;
  let zendesk: ZendeskSimulator;
  let test: TestApp;
  let organizationId: string;
  let webhookUrl: string;
  let db: DataSource;

  beforeAll(async () => {
    fixture = await startAssistFixture();
    ({ zendesk, test, organizationId, webhookUrl } = fixture);
    db = test.app.get(DataSource);
  });
  afterAll(() => fixture?.close());

  const storedEvents = async () => Number((await db.query(`SELECT count(*) AS n FROM webhook_events`))[0].n);
  const post = (url: string, rawBody: string, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: rawBody });
  const signed = (rawBody: string, timestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z')) => ({
    'X-Zendesk-Webhook-Signature-Timestamp': timestamp,
    'X-Zendesk-Webhook-Signature': signZendeskWebhook(SIGNING_SECRET, timestamp, rawBody),
  });

  it.each([
    ['no signature', {}],
    ['a signature made with another secret', { 'X-Zendesk-Webhook-Signature-Timestamp': new Date().toISOString(), 'X-Zendesk-Webhook-Signature': signZendeskWebhook('other-secret-0123456789', new Date().toISOString(), '{"ticket_id":"1"}') }],
    ['a stale timestamp', signed('{"ticket_id":"1"}', '2020-01-01T00:00:00Z')],
  ])('401 for %s, and nothing is stored', async (_, headers) => {
    const before = await storedEvents();
    const response = await post(webhookUrl, '{"ticket_id":"1"}', headers as Record<string, string>);
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    expect(await storedEvents()).toBe(before);
  });

  it('401 when the body was altered after signing', async () => {
    const headers = signed('{"ticket_id":"1"}');
    expect((await post(webhookUrl, '{"ticket_id":"2"}', headers)).status).toBe(401);
  });

  it('404 for an unknown organization, and for a malformed id', async () => {
    const body = '{"ticket_id":"1"}';
    expect((await post(`${test.baseUrl}/webhooks/zendesk/${randomUUID()}`, body, signed(body))).status).toBe(404);
    expect((await post(`${test.baseUrl}/webhooks/zendesk/not-a-uuid`, body, signed(body))).status).toBe(404);
  });

  it.each([
    ['malformed JSON', '{"ticket_id": '],
    ['no ticket id', '{"subject":"hello"}'],
    ['a non-numeric ticket id', '{"ticket_id":"12; DROP TABLE"}'],
    ['a JSON array', '[1,2,3]'],
  ])('400 with a message for %s', async (_, body) => {
    const before = await storedEvents();
    const response = await post(webhookUrl, body, signed(body));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/JSON|ticket_id/);
    expect(await storedEvents()).toBe(before);
  });

  it('413 for a body over 1 MB', async () => {
    const body = JSON.stringify({ ticket_id: '1', padding: 'x'.repeat(1024 * 1024) });
    expect((await post(webhookUrl, body, signed(body))).status).toBe(413);
  });

  it('accepts a numeric ticket id and ignores the extra fields an admin put in the trigger', async () => {
    const ticket = zendesk.createTicket({ subject: 'Password', body: 'How do I reset my password?' });
    const body = JSON.stringify({ ticket_id: ticket.id, subject: 'forged subject', requester: { email: 'x@y.z' } });
    const response = await post(webhookUrl, body, signed(body));
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ accepted: true, eventId: expect.any(String) });
    const [decision] = await waitForDecisions(test, organizationId, ticket.id);
    expect(decision.outcome).toBe('suggested');
  });

  // The route is served outside Nest's controllers (zendesk-webhook.route.ts): what a controller gave it for free is
  // pinned here, answer by answer.
  it('answers as an API route: its JSON and problems, headers, request id, other methods and OpenAPI operation', async () => {
    const apiHeaders = (response: Response) => [response.headers.get('x-content-type-options'), response.headers.get('cache-control')];
    const body = '{"ticket_id":"987654"}';
    const accepted = await post(webhookUrl, body, { ...signed(body), 'Content-Type': 'text/plain', 'X-Request-Id': 'zendesk-delivery-1' });
    expect(accepted.status).toBe(202);
    expect([accepted.headers.get('content-type'), accepted.headers.get('x-request-id'), ...apiHeaders(accepted)]).toEqual(['application/json; charset=utf-8', 'zendesk-delivery-1', 'nosniff', 'no-store']);
    expect(Object.keys((await accepted.json()) as object)).toEqual(['accepted', 'eventId']);

    const problemOf = async (response: Response) => ({ status: response.status, type: response.headers.get('content-type'), headers: apiHeaders(response), body: await response.json() });
    const problemType = 'application/problem+json; charset=utf-8';
    expect(await problemOf(await post(webhookUrl, body, {}))).toEqual({
      status: 401,
      type: problemType,
      headers: ['nosniff', 'no-store'],
      body: { type: 'urn:opencx:error:webhook_bad_signature', title: 'unauthorized', status: 401, detail: 'Webhook signature missing', code: 'webhook_bad_signature' },
    });
    const overlongId = 'a'.repeat(10_000);
    expect(await problemOf(await post(`${test.baseUrl}/webhooks/zendesk/${overlongId}`, body, signed(body)))).toEqual({
      status: 404,
      type: problemType,
      headers: ['nosniff', 'no-store'],
      body: { type: 'urn:opencx:error:webhook_unknown_organization', title: 'not found', status: 404, detail: `Organization ${overlongId} not found`, code: 'webhook_unknown_organization' },
    });
    const oversized = 'x'.repeat(1024 * 1024 + 1);
    expect(await problemOf(await post(webhookUrl, oversized, signed(oversized)))).toEqual({
      status: 413,
      type: problemType,
      headers: ['nosniff', 'no-store'],
      body: { type: 'about:blank', title: 'payload too large', status: 413, detail: 'Request body is too large' },
    });
    const path = new URL(webhookUrl).pathname;
    for (const method of ['GET', 'PUT', 'DELETE']) {
      expect(await problemOf(await fetch(webhookUrl, { method }))).toEqual({
        status: 404,
        type: problemType,
        headers: ['nosniff', 'no-store'],
        body: { type: 'about:blank', title: 'not found', status: 404, detail: `Cannot ${method} ${path}` },
      });
    }
    expect((await fetch(webhookUrl, { method: 'HEAD' })).status).toBe(404);

    const document = (await (await fetch(`${test.baseUrl}/docs-json`)).json()) as { paths: Record<string, unknown> };
    expect(document.paths['/webhooks/zendesk/{organizationId}']).toEqual({
      post: {
        operationId: 'ZendeskWebhookController_receive',
        parameters: [{ name: 'organizationId', required: true, in: 'path', schema: { type: 'string' } }],
        responses: { 202: { description: '' } },
        tags: ['webhooks'],
      },
    });
  });

  it('stores the event durably before answering', async () => {
    const ticket = zendesk.createTicket({ subject: 'Shipping', body: 'When will my order arrive?' });
    const body = JSON.stringify({ ticket_id: String(ticket.id) });
    const response = await post(webhookUrl, body, signed(body));
    const { eventId } = (await response.json()) as { eventId: string };
    const [row] = await db.query(`SELECT ticket_id, payload FROM webhook_events WHERE id = $1`, [eventId]);
    expect(row).toEqual({ ticket_id: String(ticket.id), payload: { ticket_id: String(ticket.id) } });
    const [job] = await db.query(`SELECT name FROM pgboss.job WHERE data->>'eventId' = $1`, [eventId]);
    expect(job).toEqual({ name: 'assist-ticket' });
  });
});
