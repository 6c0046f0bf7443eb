import { Logger } from '@nestjs/common';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { FakeRequestGuard } from '../../../../test/support/fake-request-guard';
import { rejectionOf } from '../../../../test/support/rejection';
import { ZendeskSimulator } from '../../../../test/support/zendesk-simulator';
import { ZendeskAccount } from '../domain/ticket';
import { ZendeskError } from '../domain/zendesk.error';
import { triggerDefinition, webhookDefinition } from '../domain/zendesk-setup';
import { verifyZendeskSignature } from './webhook-signature';
import { HttpZendeskAdminGateway } from './zendesk-admin.gateway';
import { RetryPolicy } from './zendesk-http';

// The adapter against the simulator's Webhooks and Triggers APIs, and the simulator's deliveries.
describe('HttpZendeskAdminGateway against the Zendesk simulator', () => {
  let zendesk: ZendeskSimulator;
  let account: ZendeskAccount;
  let sut: HttpZendeskAdminGateway;
  let guard: FakeRequestGuard;
  // Where the simulator's webhooks deliver: each request's headers and body.
  let receiver: Server;
  let received: { headers: IncomingMessage['headers']; body: string }[];
  let endpoint: string;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    zendesk = await ZendeskSimulator.start({ apiUserRole: 'admin' });
    account = { baseUrl: zendesk.baseUrl, email: 'agent@example.com', apiToken: 'sim-token' };
    received = [];
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/zendesk/org-1`;
  });
  afterAll(async () => {
    await zendesk.close();
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  });

  beforeEach(() => {
    guard = new FakeRequestGuard();
    sut = new HttpZendeskAdminGateway(guard, new RetryPolicy({ attempts: 2, backoffMs: 5, maxWaitMs: 20, timeoutMs: 1000 }));
    zendesk.setApiUserRole('admin');
    zendesk.clearFaults();
  });

  const failure = (promise: Promise<unknown>) => rejectionOf(promise, ZendeskError);

  it('reads the token’s user; a wrong token is a 401', async () => {
    await expect(sut.currentUser(account)).resolves.toEqual({ id: String(zendesk.agentId), name: 'API Agent', email: 'agent@example.com', role: 'admin' });
    expect(guard.acquired).toEqual(['webhook']);
    const refused = await failure(sut.currentUser({ ...account, apiToken: 'wrong' }));
    expect(refused.status).toBe(401);
  });

  it('creates a webhook, reads its signing secret, finds it by endpoint across pages; creates and finds the trigger calling it', async () => {
    zendesk.webhookSettings.pageSize = 1;
    await sut.createWebhook(account, webhookDefinition('https://elsewhere.test/hook'));
    expect(await sut.findWebhookTo(account, endpoint)).toBeNull();
    const webhookId = await sut.createWebhook(account, webhookDefinition(endpoint));
    expect(await sut.findWebhookTo(account, endpoint)).toBe(webhookId);
    const secret = await sut.webhookSigningSecret(account, webhookId);
    expect(secret).toBe(zendesk.webhookSettings.webhooks.find((w) => w.id === webhookId)!.signing_secret);
    expect(zendesk.requests.filter((r) => r.path === '/api/v2/webhooks' && r.method === 'GET' && r.query['page[after]']).length).toBeGreaterThan(0);

    expect(await sut.findTriggerCalling(account, webhookId)).toBeNull();
    const other = await sut.createWebhook(account, webhookDefinition('https://elsewhere.test/two'));
    await sut.createTrigger(account, { ...triggerDefinition(other), title: 'Another' });
    const triggerId = await sut.createTrigger(account, triggerDefinition(webhookId));
    expect(await sut.findTriggerCalling(account, webhookId)).toBe(triggerId);
    zendesk.webhookSettings.pageSize = 100;

    // The simulator now delivers: a new ticket, then a comment, each signed with the webhook's secret.
    const ticket = zendesk.createTicket({ subject: 'Hello', body: 'Where is my parcel?' });
    zendesk.addComment(ticket.id, { authorId: ticket.requester_id, body: 'Any news?' });
    const deliveries = (await zendesk.deliveriesSettled()).filter((d) => d.webhookId === webhookId);
    expect(deliveries.map((d) => [d.ticketId, d.status])).toEqual([[String(ticket.id), 202], [String(ticket.id), 202]]);
    const mine = received.filter((r) => r.body.includes(String(ticket.id)));
    expect(mine).toHaveLength(2);
    for (const { headers, body } of mine) {
      expect(JSON.parse(body)).toEqual({ ticket_id: String(ticket.id) });
      const delivery = { rawBody: Buffer.from(body), signature: headers['x-zendesk-webhook-signature'] as string, timestamp: headers['x-zendesk-webhook-signature-timestamp'] as string };
      expect(verifyZendeskSignature(delivery, secret, new Date(), 300)).toBe('valid');
    }
  });

  it('a trigger only on ticket creation does not fire on a comment', async () => {
    const webhookId = await sut.createWebhook(account, webhookDefinition(`${endpoint}/create-only`));
    await sut.createTrigger(account, { ...triggerDefinition(webhookId), conditions: { all: [{ field: 'update_type', operator: 'is', value: 'Create' }], any: [] } });
    const ticket = zendesk.createTicket({ subject: 'Hi', body: 'First' });
    zendesk.addComment(ticket.id, { authorId: ticket.requester_id, body: 'Second' });
    const deliveries = (await zendesk.deliveriesSettled()).filter((d) => d.webhookId === webhookId);
    expect(deliveries).toHaveLength(1);
  });

  it('a non-admin gets 403 for webhooks and triggers; a refused trigger names Zendesk’s details', async () => {
    zendesk.setApiUserRole('agent');
    expect((await failure(sut.findWebhookTo(account, endpoint))).status).toBe(403);
    expect((await failure(sut.createTrigger(account, triggerDefinition('x')))).status).toBe(403);
    zendesk.setApiUserRole('admin');
    const refused = await failure(sut.createTrigger(account, triggerDefinition('no-such-webhook')));
    expect(refused.status).toBe(422);
    expect(refused.message).toContain('webhook no-such-webhook does not exist');
    const badWebhook = await failure(sut.createWebhook(account, { ...webhookDefinition('not a url') }));
    expect(badWebhook.status).toBe(400);
    expect(badWebhook.message).toContain('endpoint must be an absolute http(s) URL');
  });

  it('Zendesk answering the anonymous user without credentials is read as such (id null)', async () => {
    const response = await fetch(`${zendesk.baseUrl}/api/v2/users/me.json`);
    expect(await response.json()).toMatchObject({ user: { id: null, role: 'end-user' } });
  });
});
