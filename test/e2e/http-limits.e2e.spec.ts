import request from 'supertest';
import { MAX_ALIASES, MAX_QUERY_BYTES, MAX_VARIABLES_BYTES } from '../../src/shared/graphql/graphql-limits';
import { MAX_JSON_DEPTH } from '../../src/shared/http/bounded-body';
import { AssistFixture, SIGNING_SECRET, startAssistFixture } from '../support/assist-fixture';
import { watchEventLoop } from '../support/event-loop';
import { TEST_ADMIN_TOKEN } from '../support/test-app';
import { openTrainingPage, trainingPathInNote } from '../support/training-page';

const MAX_BLOCK_MS = 200;
const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

// Each production finding of issue 10 (oversized and deep requests answered 500 after seconds of a blocked event
// loop, a NUL in a path reaching PostgreSQL, framework headers), replayed against the real app.
describe('bounded work before authentication and parsing (real PostgreSQL)', () => {
  let fixture: AssistFixture;
  let baseUrl: string;
  const operator = `Bearer ${TEST_ADMIN_TOKEN}`;
  const eventLoop = watchEventLoop();

  const graphql = (body: string | object, authorization: string | null = operator) => {
    const post = request(baseUrl).post('/graphql').set('Content-Type', 'application/json');
    return (authorization ? post.set('Authorization', authorization) : post).send(typeof body === 'string' ? body : JSON.stringify(body));
  };

  beforeAll(async () => {
    fixture = await startAssistFixture({ checkZendeskWrites: false });
    baseUrl = fixture.test.baseUrl;
  });
  beforeEach(() => eventLoop.reset());
  afterEach(() => eventLoop.expectNoBlockOver(MAX_BLOCK_MS));
  afterAll(async () => {
    eventLoop.stop();
    await fixture?.close();
  });

  describe('GraphQL', () => {
    it('refuses a 9 MB query from anyone before reading it: 413', async () => {
      const response = await graphql({ query: `{ ${'a '.repeat(4.5 * 1024 * 1024)}}` }, null).expect(413);
      expect(response.type).toBe('application/problem+json');
      expect(response.body).toMatchObject({ status: 413, detail: 'The request body is larger than 256kb' });
    });

    it('refuses a request without a valid admin token before parsing its query: 401', async () => {
      for (const authorization of [null, 'Bearer', 'Basic dXNlcjpwYXNz', 'Bearer wrong-token', 'Bearer ocx_org_unknown', 'garbage \u00ff']) {
        const response = await graphql({ query: '{ __typename }' }, authorization).expect(401);
        expect(response.body).toMatchObject({ status: 401, code: 'admin_unauthenticated' });
      }
      await graphql({ query: '{ __typename }' }).expect(200, { data: { __typename: 'Query' } });
    });

    it('refuses a 2 MB query with a valid token (body), and a query or variables over 100 KB (fields): 413', async () => {
      await graphql({ query: `{ ${'a '.repeat(1024 * 1024)}}` }).expect(413);
      const query = await graphql({ query: `{ __typename ${' '.repeat(MAX_QUERY_BYTES)}}` }).expect(413);
      expect(query.body.detail).toBe('The query is larger than 100 KB');
      const variables = await graphql({ query: '{ __typename }', variables: { text: 'x'.repeat(MAX_VARIABLES_BYTES) } }).expect(413);
      expect(variables.body.detail).toBe('The variables are larger than 100 KB');
    });

    it('stops parsing at the token limit: 10,000 aliases answer 400', async () => {
      const response = await graphql({ query: `{ ${'a:b '.repeat(10_000)}}` }).expect(400);
      expect(response.body.errors[0]).toMatchObject({ message: expect.stringContaining('Parsing aborted'), extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    });

    it('bounds aliases and fragments within the token limit: 400', async () => {
      const aliases = (count: number) => ({ query: `{ ${Array.from({ length: count }, (_, i) => `a${i}: __typename`).join(' ')} }` });
      await graphql(aliases(MAX_ALIASES)).expect(200);
      const tooMany = await graphql(aliases(MAX_ALIASES + 1)).expect(400);
      expect(tooMany.body.errors[0].message).toBe(`The query has more than ${MAX_ALIASES} aliases`);

      // Each fragment spreads the next twice: 2^30 selections from 30 lines.
      const fragments = Array.from({ length: 30 }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`).join(' ');
      const bomb = await graphql({ query: `{ ...F0 } ${fragments} fragment F30 on Query { __typename }` }).expect(400);
      expect(bomb.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });

    it('answers a NUL in a string literal and an operation name the document lacks with 400, not a failed statement or 500', async () => {
      const nul = await graphql({ query: `mutation { createTopic(organizationId: "${fixture.organizationId}", topic: { name: "a\\u0000b", description: "d", noAssist: false }) { id } }` }).expect(400);
      expect(nul.body.errors[0].message).toBe('A string holds a NUL character (\\u0000)');
      await graphql({ query: '{ __typename }', operationName: 'Missing' }).expect(400);
    });

    it(`refuses variables nested ${10_000} levels deep before parsing them: 400`, async () => {
      const response = await graphql(`{"query":"{ __typename }","variables":{"a":${nested(10_000)}}}`).expect(400);
      expect(response.body).toMatchObject({ status: 400, detail: `The body nests deeper than ${MAX_JSON_DEPTH} levels` });
    });
  });

  describe('bodies and paths', () => {
    it(`refuses JSON nested deeper than ${MAX_JSON_DEPTH} levels on the admin API and the webhook: 400`, async () => {
      const admin = await request(baseUrl)
        .post('/admin/organizations')
        .set({ Authorization: operator, 'Content-Type': 'application/json' })
        .send(`{"name":${nested(10_000)}}`)
        .expect(400);
      expect(admin.type).toBe('application/problem+json');
      await request(baseUrl).post(fixture.webhookUrl.replace(baseUrl, '')).set('Content-Type', 'application/json').send(nested(10_000)).expect(400);
      // At the limit the body is read as usual: here refused for what it says, not how deep it is.
      const atLimit = await request(baseUrl).post('/admin/organizations').set('Authorization', operator).send({ name: JSON.parse(nested(MAX_JSON_DEPTH - 1)) });
      expect(atLimit.status).toBe(400);
      expect(atLimit.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'name' })]));
    });

    it('reads no admin body from a caller without a valid token: 401 for a deep or a 20 MB one', async () => {
      for (const authorization of [undefined, 'Bearer wrong-token']) {
        for (const body of [`{"name":${nested(10_000)}}`, `{"name":"${'x'.repeat(20 * 1024 * 1024)}"}`]) {
          const post = request(baseUrl).post('/admin/organizations').set('Content-Type', 'application/json');
          const response = await (authorization ? post.set('Authorization', authorization) : post).send(body).expect(401);
          expect(response.body).toMatchObject({ status: 401, code: 'admin_unauthenticated' });
        }
      }
    });

    it("accepts a signed webhook whatever text Zendesk put in it: a NUL or a lone surrogate is stored made safe", async () => {
      const body = '{"ticket_id":"1234567","subject":"a\\u0000b \\ud800"}';
      const response = await fixture.zendesk.fireWebhook(fixture.webhookUrl, SIGNING_SECRET, body);
      expect(response.status).toBe(202);
    });

    it('answers malformed bodies with a 4xx problem', async () => {
      const post = (contentType: string, body: string | Buffer) =>
        request(baseUrl).post(`/admin/organizations/${fixture.organizationId}/topics`).set({ Authorization: operator, 'Content-Type': contentType }).send(body);
      const cases: [string, string | Buffer, number][] = [
        ['application/json', '{"name": "Refunds",', 400],
        ['application/json', Buffer.from([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]), 400],
        ['application/json; charset=utf-16', '{"name":"Refunds"}', 415],
        ['text/plain', 'name=Refunds', 400],
        ['application/json', '{"name":"Re\\u0000funds","description":"NUL","noAssist":false}', 400],
      ];
      for (const [contentType, body, status] of cases) {
        const response = await post(contentType, body);
        expect({ contentType, status: response.status, type: response.type }).toEqual({ contentType, status, type: 'application/problem+json' });
      }
    });

    it('answers malformed paths with 400 or 404, never letting a NUL reach PostgreSQL', async () => {
      const org = fixture.organizationId;
      const paths: [string, number][] = [
        ['/admin/organizations/%00/topics', 400],
        [`/admin/organizations/${org}/tickets/%00/decisions`, 400],
        [`/admin/organizations/${org}/tickets/1%002/explain`, 400],
        [`/admin/organizations/${org}/tickets/${'9'.repeat(10_000)}/decisions`, 400],
        [`/admin/organizations/${org}/topics/%E0%A4%A`, 400],
        ['/admin/organizations/%00', 400],
      ];
      for (const [path, status] of paths) {
        const response = await request(baseUrl).get(path).set('Authorization', operator);
        expect({ path: path.slice(0, 80), status: response.status, type: response.type }).toEqual({ path: path.slice(0, 80), status, type: 'application/problem+json' });
      }
      await request(baseUrl).post('/webhooks/zendesk/%00').send('{}').expect(404);
      const training = await request(baseUrl).get('/training/%00?token=%00');
      expect(training.status).toBeGreaterThanOrEqual(400);
      expect(training.status).toBeLessThan(500);
    });
  });

  it("keeps a training form's text but a NUL, which no keyboard types and PostgreSQL cannot store", async () => {
    const { decision, note } = await fixture.ask('Cannot log in', 'I forgot my password. How do I reset it?');
    const link = trainingPathInNote(note!.html_body, decision.suggestionId!);
    const { agent, csrf } = await openTrainingPage(baseUrl, link);
    const [path, query] = link.split('?');
    await agent.post(`${path}/answer?${query}`).type('form').send({ _csrf: csrf, question: 'Reset\u0000?', answer: 'Use the link\u0000.' }).expect(303);
    const saved = await request(baseUrl).get(`/admin/organizations/${fixture.organizationId}/training-answers`).set('Authorization', operator).expect(200);
    expect(saved.body.items).toEqual([expect.objectContaining({ question: 'Reset?', answer: 'Use the link.' })]);
  });

  describe('headers', () => {
    const expectApiHeaders = (response: request.Response) => {
      expect(response.headers['x-powered-by']).toBeUndefined();
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['cache-control']).toBe('no-store');
    };

    it('marks admin, GraphQL and webhook answers nosniff and no-store, and names no framework', async () => {
      expectApiHeaders(await request(baseUrl).get(`/admin/organizations/${fixture.organizationId}`).set('Authorization', operator).expect(200));
      expectApiHeaders(await request(baseUrl).get('/admin/organizations/00000000-0000-4000-8000-000000000000').set('Authorization', operator).expect(404));
      expectApiHeaders(await request(baseUrl).get('/admin/organizations').expect(401));
      expectApiHeaders(await graphql({ query: '{ __typename }' }).expect(200));
      expectApiHeaders(await graphql({ query: '{ __typename }' }, null).expect(401));
      expectApiHeaders(await request(baseUrl).post(fixture.webhookUrl.replace(baseUrl, '')).send('{}').expect(401));
      // The router decodes the path: an encoded `/admin` is routed as one, and gets what `/admin` gets.
      expectApiHeaders(await request(baseUrl).get('/%61dmin/organizations').expect(401));
      expect((await request(baseUrl).get('/health/live').expect(200)).headers['x-powered-by']).toBeUndefined();
    });

    it("keeps the training page's error pages out of caches", async () => {
      const page = await request(baseUrl).get('/training/00000000-0000-4000-8000-000000000000?token=forged');
      expect(page.status).toBe(403);
      expect(page.type).toBe('text/html');
      expect(page.headers).toMatchObject({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      expect(page.headers['x-powered-by']).toBeUndefined();
    });
  });
});
