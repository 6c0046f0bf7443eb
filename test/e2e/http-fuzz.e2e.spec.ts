import { Agent, request as httpRequest } from 'node:http';
import fc from 'fast-check';
import request from 'supertest';
import { AssistFixture, SIGNING_SECRET, startAssistFixture } from '../support/assist-fixture';
import { watchEventLoop } from '../support/event-loop';
import { TEST_ADMIN_TOKEN } from '../support/test-app';
import { trainingPathInNote } from '../support/training-page';
import { signZendeskWebhook } from '../support/zendesk-simulator';

// Fixed, so a failure replays; a few hundred cases a surface keep the file within seconds.
const SEED = 20261130;
const RUNS = 250;
const MAX_BLOCK_MS = 200;

interface Sent {
  status: number;
  text: string;
}

// Raw HTTP, so that paths and bodies reach the app exactly as generated (a client library would normalise them).
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
function send(baseUrl: string, method: string, path: string, headers: Record<string, string> = {}, body?: Buffer): Promise<Sent> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ agent, hostname, port, method, path, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

// What breaks parsers and queries: NUL, broken percent-encoding, overlong ids, dot segments, odd Unicode.
const nastySegment = fc.oneof(
  fc.constantFrom('%00', 'a%00b', '%E0%A4%A', '%', '%FF', '..', '%2e%2e', '%2F', '-1', '0', '1', '9'.repeat(400), '%F0%9F%98%80', '%EF%BF%BF', '%ED%A0%80'),
  fc.string({ maxLength: 30, unit: 'binary' }).map(encodeURIComponent),
  fc.uuid().map(String),
);
// Text that PostgreSQL, UTF-8 or a terminal would choke on, among random text.
const nastyText = fc.oneof(
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', 'x\udc00', '\u0007\u001b[31m', '\u202e', '\ufeff', '%00', "'; DROP TABLE topics; --"),
);
const textBody = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200, unit: 'binary' }),
  fc.integer({ min: 1, max: 3000 }).map(nested),
  fc.constantFrom('', '{', '{"a":', 'null', '[]', '{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"x":1}}}'),
);
const anyBody = fc.oneof(
  textBody.map((text) => Buffer.from(text)),
  fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
);
const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'application/json; charset=bogus',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
);
const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });

describe('HTTP fuzz: never a 5xx, a live process, an event loop never held 200 ms (real PostgreSQL)', () => {
  let fixture: AssistFixture;
  let baseUrl: string;
  let trainingPath: string;
  let fuzzedOrganization: string;
  let fuzzedKey: string;
  let adminRoutes: { method: string; path: string }[];
  const operator = `Bearer ${TEST_ADMIN_TOKEN}`;
  const eventLoop = watchEventLoop();
  const call = (method: string, path: string, headers: Record<string, string> = {}, body?: Buffer) => send(baseUrl, method, path, headers, body);

  // Every case's answer: a client's mistake at worst, never the server's.
  const expectNoServerError = (sent: Sent, what: unknown) => {
    if (sent.status >= 500 || sent.status === 0) throw new Error(`${sent.status} for ${JSON.stringify(what).slice(0, 500)}: ${sent.text.slice(0, 300)}`);
  };
  const run = <T>(arbitrary: fc.Arbitrary<T>, check: (value: T) => Promise<void>) =>
    fc.assert(fc.asyncProperty(arbitrary, check), { seed: SEED, numRuns: RUNS, endOnFailure: true });

  beforeAll(async () => {
    fixture = await startAssistFixture();
    baseUrl = fixture.test.baseUrl;
    const { decision, note } = await fixture.ask('Cannot log in', 'I forgot my password. How do I reset it?');
    trainingPath = trainingPathInNote(note!.html_body, decision.suggestionId!);
    // The admin fuzz may delete or reconfigure what it reaches: an organization of its own.
    const created = await request(baseUrl)
      .post('/admin/organizations')
      .set('Authorization', operator)
      .send({ name: 'Fuzzed', zendesk: { baseUrl: fixture.zendesk.baseUrl, email: 'a@fuzzed.test', apiToken: 't' }, webhookSigningSecret: 'fuzzed-signing-secret-0123456789' })
      .expect(201);
    fuzzedOrganization = created.body.id;
    fuzzedKey = (await request(baseUrl).post(`/admin/organizations/${fuzzedOrganization}/api-keys`).set('Authorization', operator).send({ name: 'fuzz' }).expect(201)).body.token;
    const { body: openApi } = await request(baseUrl).get('/docs-json').expect(200);
    adminRoutes = Object.entries(openApi.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => path.startsWith('/admin/'))
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => ({ method: method.toUpperCase(), path })))
      // Deleting the organization would leave the rest of the run a string of 404s.
      .filter((route) => !(route.method === 'DELETE' && route.path === '/admin/organizations/{organizationId}'));
  });
  beforeEach(() => eventLoop.reset());
  afterEach(async () => {
    eventLoop.expectNoBlockOver(MAX_BLOCK_MS);
    expect((await call('GET', '/health/live')).status).toBe(200);
  });
  afterAll(async () => {
    eventLoop.stop();
    agent.destroy();
    await fixture?.close();
  });

  it('the webhook, unsigned: random bodies, content types, signatures and organization ids', async () => {
    const organization = fc.oneof(fc.constant(fixture.organizationId), nastySegment);
    const headers = fc.record({ 'content-type': contentType, 'x-zendesk-webhook-signature': optional(fc.string({ maxLength: 60 })), 'x-zendesk-webhook-signature-timestamp': optional(fc.string({ maxLength: 40 })) }, { requiredKeys: ['content-type'] });
    await run(fc.tuple(organization, headers, anyBody), async ([id, head, body]) => {
      const printable = Object.fromEntries(Object.entries(head).map(([name, value]) => [name, encodeURIComponent(value ?? '')]));
      expectNoServerError(await call('POST', `/webhooks/zendesk/${id}`, printable, body), { id, head, body: body.toString('latin1') });
    });
  });

  it('the webhook, signed: random JSON under a valid signature, with and without a ticket id', async () => {
    // Ticket ids far above the simulator's, so accepted events find no ticket and write nothing.
    const ticketId = fc.oneof(fc.integer({ min: 1_000_000, max: 2 ** 53 }), fc.string({ maxLength: 25, unit: 'binary' }), fc.constantFrom(0, -1, 1.5, '1e9', ' 42 ', null, true));
    const payload = fc.oneof(
      fc.record({ ticket_id: ticketId, extra: fc.jsonValue({ maxDepth: 4 }) }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
      textBody,
    );
    await run(payload, async (text) => {
      const timestamp = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
      const headers = { 'content-type': 'application/json', 'x-zendesk-webhook-signature-timestamp': timestamp, 'x-zendesk-webhook-signature': signZendeskWebhook(SIGNING_SECRET, timestamp, text) };
      expectNoServerError(await call('POST', `/webhooks/zendesk/${fixture.organizationId}`, headers, Buffer.from(text)), text);
    });
  });

  it('GraphQL: random, huge, deep and aliased queries with random variables, with and without a token', async () => {
    const literal = nastyText.map((text) => JSON.stringify(text));
    const query = fc.oneof(
      fc.string({ maxLength: 300, unit: 'binary' }),
      fc.integer({ min: 1, max: 3000 }).map((depth) => `{ ${'organization(organizationId: "x") { '.repeat(depth)}id${' }'.repeat(depth)} }`),
      fc.integer({ min: 1, max: 20_000 }).map((count) => `{ ${'a:__typename '.repeat(count)}}`),
      fc.integer({ min: 1, max: 200_000 }).map((size) => `{ __typename ${'#'.repeat(size)}\n}`),
      fc.tuple(literal, literal).map(([org, ticket]) => `{ suggestions(organizationId: ${org}, ticketId: ${ticket}) { id reply } }`),
      fc.tuple(literal, literal).map(([name, keyword]) => `mutation { createTopic(organizationId: "${fuzzedOrganization}", topic: { name: ${name}, description: ${keyword}, keywords: [${keyword}], noAssist: false }) { id } }`),
      fc.tuple(literal, literal).map(([reason, cursor]) => `{ decisions(organizationId: "${fuzzedOrganization}", reason: ${reason}, cursor: ${cursor}) { items { id } nextCursor } }`),
    );
    // Mostly past the token check, so that most cases reach the parser and the resolvers.
    const authorization = fc.oneof({ arbitrary: fc.constantFrom(operator, `Bearer ${fuzzedKey}`), weight: 4 }, fc.constantFrom('Bearer nope', 'Basic x', ''));
    const operation = fc
      .record({ query, variables: optional(fc.jsonValue({ maxDepth: 4 })), operationName: optional(fc.string({ maxLength: 10 })) }, { requiredKeys: ['query'] })
      .map((value) => ['application/json', Buffer.from(JSON.stringify(value))] as const);
    const body = fc.oneof({ arbitrary: operation, weight: 4 }, fc.tuple(contentType, anyBody));
    await run(fc.tuple(authorization, body), async ([auth, [type, payload]]) => {
      const sent = await call('POST', '/graphql', { authorization: auth, 'content-type': type }, payload);
      expectNoServerError(sent, { auth, type, payload: payload.toString('utf8').slice(0, 300) });
      // A resolver's failure comes back as 200 with an error: none may be the server's.
      if (sent.text.includes('INTERNAL_SERVER_ERROR')) throw new Error(`Internal error for ${payload.toString('utf8').slice(0, 300)}: ${sent.text.slice(0, 300)}`);
    });
  });

  it('the training page: random form posts, with and without its link and form token', async () => {
    // The page's form token and the cookie it goes with, as a browser holds them.
    const page = await request(baseUrl).get(trainingPath).expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const cookie = (page.headers['set-cookie'] as unknown as string[]).map((set) => set.split(';')[0]).join('; ');
    const [pathname, search] = trainingPath.split('?');
    const form = fc.oneof(
      fc.dictionary(fc.constantFrom('rating', 'comment', 'question', 'answer', 'articleId', 'title', 'body', 'fix', 'topicId', '_csrf', 'other'), nastyText, { maxKeys: 6 }),
      // Forms that pass their checks but for the text in them.
      fc.record({ rating: fc.constantFrom('good', 'needs_work'), comment: nastyText }),
      fc.record({ question: nastyText, answer: nastyText }),
    );
    const target = fc.oneof(
      fc.constantFrom('rating', 'answer', 'article', 'topic').map((action) => `${pathname}/${action}?${search}`),
      fc.tuple(nastySegment, fc.constantFrom('rating', 'answer', 'article', 'topic', ''), nastySegment).map(([id, action, token]) => `/training/${id}/${action}?token=${token}`),
    );
    await run(fc.tuple(target, form, fc.boolean(), fc.boolean()), async ([path, fields, withCsrf, asForm]) => {
      const encoded = new URLSearchParams({ ...fields, ...(withCsrf ? { _csrf: csrf } : {}) }).toString();
      const headers = { 'content-type': asForm ? 'application/x-www-form-urlencoded' : 'application/json', cookie };
      expectNoServerError(await call('POST', path, headers, Buffer.from(encoded)), { path, fields, withCsrf });
      expectNoServerError(await call('GET', path.replace(/\/(rating|answer|article|topic)?\?/, '?')), { path });
    });
  });

  it('the admin console: random form posts and pages, signed in or not, with and without the form token', async () => {
    // A browser's cookies and form token: signed in as the operator, on the fuzzed organization's page.
    const cookies = new Map<string, string>();
    const keep = (response: request.Response) =>
      ((response.headers['set-cookie'] as unknown as string[] | undefined) ?? []).forEach((set) => cookies.set(set.split('=')[0], set.split(';')[0]));
    const cookieHeader = () => [...cookies.values()].join('; ');
    const csrfIn = (text: string) => /name="_csrf" value="([^"]+)"/.exec(text)![1];
    const form = await request(baseUrl).get('/console').expect(200);
    keep(form);
    keep(await request(baseUrl).post('/console/sign-in').set('cookie', cookieHeader()).type('form').send({ _csrf: csrfIn(form.text), token: TEST_ADMIN_TOKEN }).expect(303));
    const page = await request(baseUrl).get(`/console/organizations/${fuzzedOrganization}`).set('cookie', cookieHeader()).expect(200);
    keep(page);
    const csrf = csrfIn(page.text);
    const ticketFilters = ['outcome', 'reason', 'from', 'to', 'ticketId', 'cursor', 'limit'];
    const settingsFields = ['assistEnabled', 'respondOnlyWithPotentialAnswers', 'actionableStatuses', 'noteLanguage', 'handoffTag', 'guideWriteBack', 'noAssistMatching', 'zendeskRequestsPerMinute', 'questionRetentionDays', 'macrosEnabled', 'macrosIncludeRestricted', 'solvedTicketsEnabled', 'solvedTicketsLookbackDays'];
    const topicFields = ['description', 'keywords', 'examples', 'zendeskTags', 'noAssist', 'intent', 'text', 'tags'];
    const trainingAnswerFields = ['question', 'answer'];
    const fields = fc.array(fc.tuple(fc.constantFrom(...settingsFields, ...topicFields, ...trainingAnswerFields, 'name', 'subdomain', 'email', 'apiToken', 'webhookSigningSecret', 'token', '_csrf', 'other', ...ticketFilters), nastyText), { maxLength: 8 });
    // Deleting the fuzzed organization would leave the other cases 404s: only random ids are deleted.
    const target = fc.oneof(
      fc.constantFrom(`/console/organizations/${fuzzedOrganization}/settings`, '/console/organizations', '/console/sign-in'),
      fc.constantFrom(`/console/organizations/${fuzzedOrganization}/topics`, `/console/organizations/${fuzzedOrganization}/topics/try`),
      nastySegment.chain((id) => fc.constantFrom(`/console/organizations/${id}`, `/console/organizations/${id}/settings`, `/console/organizations/${id}/delete`, `/console/organizations/${id}/topics`)),
      nastySegment.chain((id) => fc.constantFrom(`/console/organizations/${fuzzedOrganization}/topics/${id}`, `/console/organizations/${fuzzedOrganization}/topics/${id}/delete`)),
      nastySegment.chain((id) => fc.constantFrom(`/console/organizations/${id}/tickets`, `/console/organizations/${fuzzedOrganization}/tickets/${id}`)),
      nastySegment.chain((id) => fc.constantFrom(`/console/organizations/${id}/insights`, `/console/organizations/${id}/insights/data`)),
      // Knowledge: not Sync now, whose queued syncs would call out to the fuzzed organization's Zendesk.
      nastySegment.chain((id) => fc.constantFrom(`/console/organizations/${id}/knowledge`, `/console/organizations/${fuzzedOrganization}/knowledge/syncs/${id}/progress`, `/console/organizations/${fuzzedOrganization}/knowledge/training-answers`, `/console/organizations/${fuzzedOrganization}/knowledge/training-answers/${id}`, `/console/organizations/${fuzzedOrganization}/knowledge/training-answers/${id}/delete`)),
    );
    await run(fc.tuple(target, fields, fc.boolean(), fc.boolean()), async ([path, pairs, withCsrf, signedIn]) => {
      const encoded = new URLSearchParams([...pairs, ...(withCsrf ? [['_csrf', csrf] as [string, string]] : [])]).toString();
      const headers = { 'content-type': 'application/x-www-form-urlencoded', ...(signedIn ? { cookie: cookieHeader() } : {}) };
      expectNoServerError(await call('POST', path, headers, Buffer.from(encoded)), { path, pairs, withCsrf, signedIn });
      expectNoServerError(await call('GET', path.replace(/\/settings$/, ''), signedIn ? { cookie: cookieHeader() } : {}), { path });
      // The Tickets screen's GET form, any fields and values.
      const tickets = `/console/organizations/${fuzzedOrganization}/tickets?${encoded}`;
      expectNoServerError(await call('GET', tickets, signedIn ? { cookie: cookieHeader() } : {}), { path: tickets });
      // The Insights period, as the page's GET form and as its JSON.
      for (const insights of [`/console/organizations/${fuzzedOrganization}/insights?${encoded}`, `/console/organizations/${fuzzedOrganization}/insights/data?${encoded}`]) {
        expectNoServerError(await call('GET', insights, signedIn ? { cookie: cookieHeader() } : {}), { path: insights });
      }
    });
  });

  it('the admin REST API: every route with random ids, queries and JSON bodies, with and without a token', async () => {
    const id = (name: string) =>
      name === 'organizationId'
        ? fc.oneof({ arbitrary: fc.constant(fuzzedOrganization), weight: 4 }, nastySegment)
        : name === 'ticketId'
          ? fc.oneof(fc.integer({ min: 1, max: 2 ** 53 }).map(String), nastySegment)
          : nastySegment;
    const url = fc.constantFrom(...adminRoutes).chain((route) =>
      fc.tuple(fc.constant(route.method), fc.tuple(...[...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => id(name))).map((values) => {
        let next = 0;
        return route.path.replace(/\{\w+\}/g, () => values[next++]);
      })),
    );
    const query = fc.oneof(fc.constant(''), fc.tuple(fc.constantFrom('limit', 'cursor', 'ticketId', 'reason', 'topic', 'from', 'to', 'outcome', 'days'), nastySegment).map(([name, value]) => `?${name}=${value}`));
    // The fields our DTOs know, with any values: past the parser, into validation and the services.
    const fields = fc.dictionary(
      fc.constantFrom('name', 'description', 'keywords', 'noAssist', 'zendesk', 'webhookSigningSecret', 'articles', 'assistEnabled', 'dedupeWindowHours', 'handoffTag', 'guideWriteBack', 'macrosEnabled', 'solvedTicketsEnabled', 'solvedTicketsLookbackDays', 'question', 'answer', 'title', 'body', 'url', 'externalId', 'locale', 'ticketId', 'subject', 'accepted'),
      // null on its own too: a field sent as null is neither left out nor a value (it reached a NOT NULL column once).
      fc.oneof(fc.jsonValue({ maxDepth: 3 }), nastyText, fc.array(nastyText, { maxLength: 3 }), fc.constant(null)),
      { maxKeys: 5 },
    );
    const body = fc.oneof({ arbitrary: fields.map((value) => ['application/json', Buffer.from(JSON.stringify(value))] as const), weight: 4 }, fc.tuple(contentType, anyBody));
    const authorization = fc.oneof({ arbitrary: fc.constantFrom(operator, `Bearer ${fuzzedKey}`), weight: 4 }, fc.constantFrom('Bearer nope', 'Bearer ocx_org_nope', ''));
    await run(fc.tuple(url, query, authorization, body), async ([[verb, route], search, auth, [type, payload]]) => {
      const sent = await call(verb, route + search, { authorization: auth, 'content-type': type }, verb === 'GET' ? undefined : payload);
      expectNoServerError(sent, { verb, route, search, auth, type, body: payload.toString('latin1').slice(0, 300) });
    });
  });
});
