import request from 'supertest';
import { SIGNING_SECRET, setUpOrganization, SimulatedApp, startAssistFixture, waitForDecisions } from '../support/assist-fixture';
import { CapturedLog } from '../support/captured-log';
import { TEST_ADMIN_TOKEN, TestApp } from '../support/test-app';
import { signZendeskWebhook, ZendeskSimulator } from '../support/zendesk-simulator';

describe('Structured logs: JSON lines with correlation ids, no secrets, no customer messages', () => {
  const log = new CapturedLog();
  let fixture: SimulatedApp;
  let zendesk: ZendeskSimulator;
  let test: TestApp;

  beforeAll(async () => {
    fixture = await startAssistFixture({ organization: false, logDestination: log });
    ({ zendesk, test } = fixture);
  });

  afterAll(() => fixture?.close());

  it('ties a webhook request to its job, and leaves out the comment body and every credential', async () => {
    const { organizationId } = await setUpOrganization(test, zendesk);
    const customerMessage = 'I forgot my password, my account is jane-doe-4711. How do I reset it?';
    const ticket = zendesk.createTicket({ subject: 'Cannot log in', body: customerMessage });
    const rawBody = JSON.stringify({ ticket_id: String(ticket.id) });
    const timestamp = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const signature = signZendeskWebhook(SIGNING_SECRET, timestamp, rawBody);

    const accepted = await request(test.baseUrl)
      .post(`/webhooks/zendesk/${organizationId}`)
      .set({ 'Content-Type': 'application/json', 'X-Request-Id': 'zendesk-delivery-1' })
      .set({ 'X-Zendesk-Webhook-Signature': signature, 'X-Zendesk-Webhook-Signature-Timestamp': timestamp })
      .send(rawBody)
      .expect(202);
    const eventId: string = accepted.body.eventId;
    await waitForDecisions(test, organizationId, ticket.id);

    const entries = log.entries();
    // One line for the delivery: the request's own, with its id, naming the event the job will carry.
    expect(entries.filter((entry) => entry.requestId === 'zendesk-delivery-1')).toEqual([
      expect.objectContaining({
        msg: `Accepted event ${eventId} for ticket ${ticket.id}`,
        level: 'info',
        req: { method: 'POST', path: `/webhooks/zendesk/${organizationId}` },
        res: { statusCode: 202 },
        responseTime: expect.any(Number),
      }),
    ]);
    // The job's lines carry the organization, ticket and event it works on.
    expect(entries).toContainEqual(
      expect.objectContaining({ msg: 'Decision: suggested (suggested)', organizationId, ticketId: String(ticket.id), eventId, jobId: expect.any(String) }),
    );

    const zendeskAuthorization = Buffer.from('agent@example.com/token:sim-token').toString('base64');
    for (const secret of [customerMessage, 'jane-doe-4711', SIGNING_SECRET, signature, TEST_ADMIN_TOKEN, 'sim-token', zendeskAuthorization]) {
      expect(log.text).not.toContain(secret);
    }
  });

  it('writes no line for the probes and the scrape (they skip the request logger), one for any other request', async () => {
    await request(test.baseUrl).get('/health/live').expect(200);
    await request(test.baseUrl).get('/metrics').expect(200);
    await request(test.baseUrl).get('/no-such-page').set('X-Request-Id', 'lost-visitor-1').expect(404);

    const paths = log.entries().map((entry) => (entry.req as { path?: string } | undefined)?.path);
    expect(paths).not.toContain('/health/live');
    expect(paths).not.toContain('/metrics');
    expect(log.entries()).toContainEqual(expect.objectContaining({ requestId: 'lost-visitor-1', req: { method: 'GET', path: '/no-such-page' }, res: { statusCode: 404 } }));
  });
});

