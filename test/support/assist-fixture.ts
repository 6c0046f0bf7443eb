import { DestinationStream } from 'pino';
import request from 'supertest';
import { SolvedTicketSeed, ZendeskSimulator } from './zendesk-simulator';
import { freePort, startTestApp, TEST_ADMIN_TOKEN, TestApp } from './test-app';

export const SIGNING_SECRET = 'webhook-signing-secret-0123456789';

// A ticket an agent solved, full of the customer's and the agent's personal data (`personalData`): synced as a past
// answer, it must be cited on a question like it without any of them reaching the note, the database or the logs.
export const SOLVED_ESPRESSO_LEAK: SolvedTicketSeed & { personalData: string[] } = {
  subject: 'Espresso machine leaking water underneath',
  requester: { name: 'Margaret Holloway', email: 'margaret.holloway@example.org' },
  agent: { name: 'Devon Pryce' },
  conversation: [
    {
      by: 'requester',
      body:
        'My espresso machine is leaking water underneath the drip tray since yesterday. I paid with card 4111 1111 1111 1111. ' +
        'Call me on +1 415 555 0137 or write to margaret.holloway@example.org. Margaret Holloway',
    },
    {
      by: 'agent',
      body:
        'Hi Margaret, a leak under the drip tray almost always comes from a loose water tank gasket. Take the tank out, press the ' +
        'rubber gasket firmly back into its groove, and run one descaling cycle with the descaler from the accessories box. ' +
        'If it still leaks after descaling, we replace the machine under warranty. Best, Devon Pryce',
    },
  ],
  personalData: ['Margaret', 'Holloway', 'Devon', 'Pryce', 'margaret.holloway@example.org', '415 555 0137', '4155550137', '4111 1111 1111 1111', '4111111111111111'],
};

export const HELP_CENTER = [
  {
    externalId: '101',
    title: 'How to reset your password',
    body: '<h2>Reset your password</h2><p>Open the sign-in page and click <strong>Forgot password</strong>. Enter the email address of your account and we send you a reset link. The link is valid for 24 hours.</p><p>If the email does not arrive, check your spam folder.</p>',
    url: 'https://help.acme.test/hc/en-us/articles/101',
    locale: 'en-us',
  },
  {
    externalId: '102',
    title: 'Shipping times and tracking',
    body: '<p>Orders ship within 2 business days. Standard delivery takes 3 to 5 business days. You receive a tracking number by email once your parcel leaves our warehouse.</p>',
    url: 'https://help.acme.test/hc/en-us/articles/102',
    locale: 'en-us',
  },
  {
    externalId: '103',
    title: 'Cancel your subscription',
    body: '<p>You can cancel your subscription at any time from Account settings, Billing, Cancel plan. Your plan stays active until the end of the billing period.</p>',
    url: 'https://help.acme.test/hc/en-us/articles/103',
    locale: 'en-us',
  },
];

// An organization wired to the simulator, with articles and a no-assist topic, through the admin API.
export async function setUpOrganization(test: TestApp, zendesk: ZendeskSimulator, settings: Record<string, unknown> = {}) {
  const admin = request(test.baseUrl);
  const auth = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  const created = await admin
    .post('/admin/organizations')
    .set(auth)
    .send({
      name: 'Acme',
      zendesk: { baseUrl: zendesk.baseUrl, email: 'agent@example.com', apiToken: 'sim-token' },
      webhookSigningSecret: SIGNING_SECRET,
    })
    .expect(201);
  const organizationId: string = created.body.id;
  await admin
    .patch(`/admin/organizations/${organizationId}/settings`)
    .set(auth)
    .send({ assistEnabled: true, ...settings })
    .expect(200);
  await admin.post(`/admin/organizations/${organizationId}/knowledge/articles`).set(auth).send({ articles: HELP_CENTER }).expect(200);
  await admin
    .post(`/admin/organizations/${organizationId}/topics`)
    .set(auth)
    .send({ name: 'Legal', description: 'Legal threats and lawsuits', keywords: ['lawsuit', 'lawyer'], noAssist: true })
    .expect(201);
  return { organizationId, webhookUrl: `${test.baseUrl}/webhooks/zendesk/${organizationId}`, auth };
}

export interface DecisionView {
  outcome: string;
  reason: string;
  tagsApplied: string[];
  suggestionId?: string;
  commentId: string | null;
  evidence: Record<string, unknown>;
}

// Polls the decisions endpoint until the ticket has `count` decisions (jobs run on the queue, not inline).
export async function waitForDecisions(test: TestApp, organizationId: string, ticketId: string | number, count = 1) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const response = await request(test.baseUrl)
      .get(`/admin/organizations/${organizationId}/tickets/${ticketId}/decisions`)
      .set({ Authorization: `Bearer ${TEST_ADMIN_TOKEN}` })
      .expect(200);
    const decisions = response.body as DecisionView[];
    if (decisions.length >= count) return decisions;
    if (Date.now() > deadline) throw new Error(`Ticket ${ticketId}: ${decisions.length} of ${count} decisions after 20 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// Queues a sync run through the admin API and polls it until it succeeded or failed; the run as the API shows it.
export async function syncAndWait<Run extends { status: string }>(test: TestApp, organizationId: string, auth: Record<string, string>, timeoutMs = 30_000): Promise<Run> {
  const { body: queued } = await request(test.baseUrl).post(`/admin/organizations/${organizationId}/help-center/sync`).set(auth).expect(202);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await request(test.baseUrl).get(`/admin/organizations/${organizationId}/help-center/sync/${queued.id}`).set(auth).expect(200);
    if (body.status === 'succeeded' || body.status === 'failed') return body;
    if (Date.now() > deadline) throw new Error(`Sync ${queued.id} still ${body.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

// An article fix a rep published from the training page: the one write customers may read, with the rep's words.
export interface PublishedByRep {
  path: string;
  title: string;
  body: string;
}

// A customer's new ticket, its webhook, and what Assist decided and posted on it (its note, if any).
export async function newTicketDecision(
  test: TestApp,
  zendesk: ZendeskSimulator,
  { organizationId, webhookUrl }: { organizationId: string; webhookUrl: string },
  ticket: { subject: string; body: string },
) {
  const created = zendesk.createTicket(ticket);
  await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(created.id) });
  const [decision] = await waitForDecisions(test, organizationId, created.id);
  const note = zendesk.getTicket(created.id).comments.find((comment) => !comment.public) ?? null;
  return { ticket: created, decision, note };
}

// The promise to customers, checked over every write a suite made: private notes and added tags, nothing else,
// but for the article fixes reps published themselves, exactly as they wrote them, and, once an admin connected
// Zendesk from the console, one webhook and one trigger whose only action is to call it (no email, no comment).
export function expectOnlyPrivateNotesAndAddedTags(zendesk: ZendeskSimulator, publishedByReps: PublishedByRep[] = [], { connectedFromConsole = false } = {}): void {
  expect(zendesk.writes().length).toBeGreaterThan(0);
  const setUp = zendesk.writes().filter((write) => write.method === 'POST' && ['/api/v2/webhooks', '/api/v2/triggers.json'].includes(write.path));
  expect(setUp.map((write) => write.path).sort()).toEqual(connectedFromConsole ? ['/api/v2/triggers.json', '/api/v2/webhooks'] : []);
  for (const write of zendesk.writes()) {
    if (setUp.includes(write)) {
      if (write.path === '/api/v2/webhooks') expect(write.body).toMatchObject({ webhook: { http_method: 'POST', request_format: 'json' } });
      else expect((write.body as { trigger: { actions: Array<{ field: string }> } }).trigger.actions.map((action) => action.field)).toEqual(['notification_webhook']);
    } else if (write.path.includes('/help_center/')) {
      const published = publishedByReps.map(({ path, title, body }) => ({ method: 'PUT', path, body: { translation: { title, body } } }));
      expect(published).toContainEqual({ method: write.method, path: write.path, body: write.body });
    } else if (write.method === 'PUT' && /^\/api\/v2\/tickets\/\d+\.json$/.test(write.path)) {
      const ticket = (write.body as { ticket: Record<string, unknown> }).ticket;
      expect(Object.keys(ticket).sort()).toEqual(['comment', 'safe_update', 'updated_stamp']);
      expect(ticket.comment).toMatchObject({ public: false });
    } else {
      expect(write).toMatchObject({ method: 'PUT', path: expect.stringMatching(/^\/api\/v2\/tickets\/\d+\/tags\.json$/) });
    }
  }
}

export interface AssistFixtureOptions {
  // Organization settings over `assistEnabled: true`.
  settings?: Record<string, unknown>;
  // false: the suite sets up its own organizations.
  organization?: boolean;
  env?: Record<string, string>;
  logDestination?: DestinationStream;
  // false for a suite that writes nothing to Zendesk: the check wants at least one write.
  checkZendeskWrites?: boolean;
  // Article fixes reps published from the training page, read at close: the check accepts exactly those.
  publishedByReps?: PublishedByRep[];
  // The app on a port of its own that PUBLIC_BASE_URL names, so the links in its notes open as posted.
  ownPublicAddress?: boolean;
  // The suite connects Zendesk from the console: the check at close accepts its one webhook and one trigger.
  connectedFromConsole?: boolean;
}

export interface SimulatedApp {
  zendesk: ZendeskSimulator;
  test: TestApp;
  // The customer-visibility check (unless turned off), then the app, then the simulator it calls.
  close(): Promise<void>;
}

export interface AssistFixture extends SimulatedApp {
  organizationId: string;
  webhookUrl: string;
  auth: Record<string, string>;
  ask(subject: string, body: string): ReturnType<typeof newTicketDecision>;
}

// The Zendesk simulator, the app wired to it and, unless `organization: false`, an organization set up through
// the admin API. A setup that fails halfway closes what it started before it throws.
export function startAssistFixture(options: AssistFixtureOptions & { organization: false }): Promise<SimulatedApp>;
export function startAssistFixture(options?: AssistFixtureOptions): Promise<AssistFixture>;
export async function startAssistFixture(options: AssistFixtureOptions = {}): Promise<SimulatedApp | AssistFixture> {
  const zendesk = await ZendeskSimulator.start();
  const port = options.ownPublicAddress ? await freePort() : undefined;
  const env = { ...(port && { PUBLIC_BASE_URL: `http://127.0.0.1:${port}` }), ...options.env };
  const test = await startTestApp({ env, logDestination: options.logDestination, port }).catch(async (error) => {
    await zendesk.close();
    throw error;
  });
  const closeApps = async () => {
    try {
      await test.close();
    } finally {
      await zendesk.close();
    }
  };
  const close = async () => {
    try {
      if (options.checkZendeskWrites !== false) expectOnlyPrivateNotesAndAddedTags(zendesk, options.publishedByReps, { connectedFromConsole: options.connectedFromConsole });
    } finally {
      await closeApps();
    }
  };
  if (options.organization === false) return { zendesk, test, close };
  try {
    const organization = await setUpOrganization(test, zendesk, options.settings);
    const ask = (subject: string, body: string) => newTicketDecision(test, zendesk, organization, { subject, body });
    return { zendesk, test, ...organization, ask, close };
  } catch (error) {
    await closeApps();
    throw error;
  }
}
