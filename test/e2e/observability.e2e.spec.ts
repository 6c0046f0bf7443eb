import request from 'supertest';
import { AssistFixture, SIGNING_SECRET, startAssistFixture, waitForDecisions } from '../support/assist-fixture';
import { startTestApp, TestApp } from '../support/test-app';
import { withAdmin } from '../support/test-database';
import { ZendeskSimulator } from '../support/zendesk-simulator';

describe('Operability: health probes, Prometheus metrics, request ids (real PostgreSQL, Zendesk simulator)', () => {
  let fixture: AssistFixture;
  let zendesk: ZendeskSimulator;
  let test: TestApp;
  let organizationId: string;
  let webhookUrl: string;

  beforeAll(async () => {
    fixture = await startAssistFixture();
    ({ zendesk, test, organizationId, webhookUrl } = fixture);
  });

  afterAll(() => fixture?.close());

  const scrape = async () => (await request(test.baseUrl).get('/metrics').expect(200).expect('Content-Type', /^text\/plain;.*version=0\.0\.4/)).text;

  it('answers the liveness and readiness probes without credentials', async () => {
    await request(test.baseUrl).get('/health/live').expect(200, { status: 'ok', info: {}, error: {}, details: {} });
    const ready = await request(test.baseUrl).get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, queue: { status: 'up' } } });
  });

  it('counts a processed webhook: verdict, decision, pipeline time, Zendesk and drafting calls', async () => {
    const before = await scrape();
    const ticket = zendesk.createTicket({ subject: 'Cannot log in', body: 'I forgot my password. How do I reset it?' });
    expect((await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(ticket.id) })).status).toBe(202);
    await waitForDecisions(test, organizationId, ticket.id);
    const after = await scrape();

    const moved = (name: string, labels: Labels = {}) => sample(after, name, labels) - sample(before, name, labels);
    expect(moved('assist_webhooks_total', { verdict: 'valid' })).toBe(1);
    expect(moved('assist_decisions_total', { outcome: 'suggested', reason: 'suggested' })).toBe(1);
    expect(moved('assist_pipeline_duration_seconds_count')).toBe(1);
    expect(moved('assist_zendesk_request_duration_seconds_count', { method: 'GET', route: '/api/v2/tickets/:id.json', status: '200' })).toBe(1);
    expect(moved('assist_zendesk_request_duration_seconds_count', { method: 'PUT', route: '/api/v2/tickets/:id.json', status: '200' })).toBe(1);
    expect(moved('assist_llm_call_duration_seconds_count', { provider: 'offline', operation: 'draft', outcome: 'ok' })).toBe(1);
    // The queue is there, and this ticket's job is no longer waiting.
    expect(after).toMatch(/^assist_queue_jobs\{queue="assist-ticket",state="created"\} 0$/m);
  });

  it('counts refused deliveries by verdict and Zendesk failures by status', async () => {
    const before = await scrape();
    await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: '1' }, { signature: 'forged' });
    await zendesk.fireWebhook(`${test.baseUrl}/webhooks/zendesk/00000000-0000-4000-8000-000000000000`, SIGNING_SECRET, { ticket_id: '1' });
    const ticket = zendesk.createTicket({ subject: 'Where is my parcel?', body: 'When does my order ship?' });
    zendesk.failNext(1, { status: 503 });
    await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(ticket.id) });
    await waitForDecisions(test, organizationId, ticket.id);
    const after = await scrape();

    const moved = (name: string, labels: Labels = {}) => sample(after, name, labels) - sample(before, name, labels);
    expect(moved('assist_webhooks_total', { verdict: 'mismatch' })).toBe(1);
    expect(moved('assist_webhooks_total', { verdict: 'unknown_organization' })).toBe(1);
    expect(moved('assist_zendesk_request_errors_total', { method: 'GET', route: '/api/v2/tickets/:id.json', status: '503' })).toBe(1);
  });

  it("counts what the Zendesk account's guard did: a Retry-After pause, and the wait it made", async () => {
    const before = await scrape();
    const ticket = zendesk.createTicket({ subject: 'Throttled', body: 'When does my order ship?' });
    zendesk.failNext(1, { status: 429, retryAfterSeconds: 1 });
    await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(ticket.id) });
    await waitForDecisions(test, organizationId, ticket.id);
    const after = await scrape();

    const moved = (name: string, labels: Labels = {}) => sample(after, name, labels) - sample(before, name, labels);
    expect(moved('assist_zendesk_guard_events_total', { event: 'paused' })).toBe(1);
    expect(moved('assist_zendesk_guard_events_total', { event: 'pause_wait' })).toBeGreaterThanOrEqual(1);
    expect(moved('assist_zendesk_guard_events_total', { event: 'deferred' })).toBe(0);
  });

  it('echoes an incoming X-Request-Id, and makes one up when there is none', async () => {
    await request(test.baseUrl).get('/health/live').set('X-Request-Id', 'trace-42.a').expect('X-Request-Id', 'trace-42.a');
    const generated = await request(test.baseUrl).get('/health/live').set('X-Request-Id', 'not a valid id');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('Operability: readiness when the database is unreachable', () => {
  let test: TestApp;
  let databaseName: string;

  beforeAll(async () => {
    test = await startTestApp();
    databaseName = new URL(test.env.DATABASE_URL).pathname.slice(1);
  });

  afterAll(async () => {
    if (!test) return;
    await withAdmin((admin) => admin.query(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS true`));
    await test.close();
  });

  it('answers 503 on /health/ready while /health/live and /metrics still answer', async () => {
    await request(test.baseUrl).get('/health/ready').expect(200);
    // Cuts the app off its database: existing connections die and new ones are refused.
    await withAdmin(async (admin) => {
      await admin.query(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [databaseName]);
    });

    const ready = await request(test.baseUrl).get('/health/ready').expect(503);
    expect(ready.body).toMatchObject({ status: 'error', error: { database: { status: 'down' }, queue: { status: 'down' } } });
    await request(test.baseUrl).get('/health/live').expect(200);
    const metrics = await request(test.baseUrl).get('/metrics').expect(200);
    expect(metrics.text).toContain('assist_webhooks_total');
    expect(metrics.text).not.toContain('assist_queue_jobs{');
  });
});

describe('Operability on the embedded database (PGlite), as `npm start` runs', () => {
  let test: TestApp;

  // A cold PGlite (initdb, pgvector, every migration) is single-threaded WASM: a production build took 21-40 s to
  // get ready here with the load at 10-17, and this hook once passed 90 s beside the rest of `npm test`, so it
  // allows four minutes.
  beforeAll(async () => {
    test = await startTestApp({ embedded: true });
  }, 240_000);

  afterAll(async () => {
    await test?.close();
  });

  it('answers the readiness probe and reports the queue depth', async () => {
    const ready = await request(test.baseUrl).get('/health/ready').expect(200);
    expect(ready.body.details).toMatchObject({ database: { status: 'up' }, queue: { status: 'up', jobs: { 'assist-ticket': { waiting: 0, active: 0 } } } });
    const metrics = await request(test.baseUrl).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/^assist_queue_jobs\{queue="assist-ticket",state="active"\} 0$/m);
  });
});

type Labels = Record<string, string>;

// The sum of a metric's samples whose labels include `labels` (0 when there is none yet).
function sample(exposition: string, name: string, labels: Labels): number {
  let total = 0;
  for (const line of exposition.split('\n')) {
    const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const own = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key, value]) => [key, value]));
    if (Object.entries(labels).every(([key, value]) => own[key] === value)) total += Number(match[3]);
  }
  return total;
}
