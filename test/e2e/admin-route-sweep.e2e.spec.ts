import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { startTestApp, TEST_ADMIN_TOKEN, TestApp } from '../support/test-app';

interface AdminRoute {
  method: string;
  // OpenAPI form: /admin/organizations/{organizationId}/topics
  path: string;
  hasBody: boolean;
  // Marked @OperatorOnly(): about one organization, yet not for its own keys.
  operatorOnly: boolean;
}

// Every /admin route, from the app's own OpenAPI document: a new route is swept without anyone listing it.
async function adminRoutes(test: TestApp): Promise<AdminRoute[]> {
  const { body: document } = await request(test.baseUrl).get('/docs-json').expect(200);
  const paths = document.paths as Record<string, Record<string, { requestBody?: unknown; 'x-operator-only'?: boolean }>>;
  return Object.entries(paths)
    .filter(([path]) => path.startsWith('/admin/'))
    .flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({
        method,
        path,
        hasBody: operation.requestBody !== undefined,
        operatorOnly: operation['x-operator-only'] === true,
      })),
    );
}

// The same routes as Fastify serves them, so that one hidden from the OpenAPI document is not missed either: its
// route tree printed one path segment a line, each indented under its parent, methods in parentheses.
function servedAdminRoutes(test: TestApp): string[] {
  const tree: string = test.app.getHttpAdapter().getInstance().printRoutes({ commonPrefix: false });
  const parents: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const node = /^([│ ]*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!node) continue;
    const depth = node[1].length / 4;
    parents.length = depth;
    const path = `${parents.join('')}${node[2]}`;
    parents.push(node[2]);
    for (const method of node[3]?.split(', ') ?? []) if (method !== 'HEAD') routes.push(`${method.toLowerCase()} ${path}`);
  }
  return routes.filter((route) => route.split(' ')[1].startsWith('/admin/')).map((route) => route.replace(/:(\w+)/g, '{$1}'));
}

describe('every admin route: 401, 403 and 400 (real PostgreSQL)', () => {
  let test: TestApp;
  let routes: AdminRoute[];
  let organizationA: string;
  let keyOfA: string;
  let keyOfB: string;
  const operator = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  const registration = (name: string) => ({
    name,
    zendesk: { subdomain: name.toLowerCase(), email: 'agent@acme.test', apiToken: 'zendesk-token' },
    webhookSigningSecret: 'webhook-signing-secret-0123456789',
  });

  async function registerWithKey(name: string): Promise<{ id: string; token: string }> {
    const { body: organization } = await request(test.baseUrl).post('/admin/organizations').set(operator).send(registration(name)).expect(201);
    const { body: key } = await request(test.baseUrl)
      .post(`/admin/organizations/${organization.id}/api-keys`)
      .set(operator)
      .send({ name: 'sweep' })
      .expect(201);
    return { id: organization.id, token: key.token };
  }

  // Organization A's routes: its id, fresh ids for anything else, a ticket id for tickets.
  const urlOf = (route: AdminRoute) =>
    route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (name === 'organizationId') return organizationA;
      if (name === 'ticketId') return '1';
      if (name.endsWith('Id')) return randomUUID();
      throw new Error(`No test value for the route parameter {${name}} of ${route.path}: add one here`);
    });
  const call = (route: AdminRoute) => request(test.baseUrl)[route.method as 'get'](urlOf(route));
  const name = (route: AdminRoute) => `${route.method.toUpperCase()} ${route.path}`;

  beforeAll(async () => {
    test = await startTestApp();
    routes = await adminRoutes(test);
    ({ id: organizationA, token: keyOfA } = await registerWithKey('Acme'));
    ({ token: keyOfB } = await registerWithKey('Beta'));
  });
  afterAll(() => test?.close());

  it('finds every admin route, the served ones and the documented ones alike', () => {
    const documented = routes.map((route) => `${route.method} ${route.path}`);
    expect(documented.sort()).toEqual(servedAdminRoutes(test).sort());
    expect(documented).toEqual(
      expect.arrayContaining([
        'post /admin/organizations',
        'get /admin/organizations',
        'patch /admin/organizations/{organizationId}',
        'delete /admin/organizations/{organizationId}',
        'patch /admin/organizations/{organizationId}/settings',
        'post /admin/organizations/{organizationId}/api-keys',
        'delete /admin/organizations/{organizationId}/api-keys/{keyId}',
        'get /admin/organizations/{organizationId}/audit',
        'post /admin/organizations/{organizationId}/topics',
        'get /admin/organizations/{organizationId}/decisions',
        'get /admin/organizations/{organizationId}/suggestions/acceptance',
        'get /admin/organizations/{organizationId}/knowledge/articles',
        'get /admin/organizations/{organizationId}/topics/{topicId}',
        'get /admin/organizations/{organizationId}/knowledge/articles/{articleId}',
        'delete /admin/organizations/{organizationId}/knowledge/articles/{articleId}',
        'post /admin/organizations/{organizationId}/training-answers',
        'get /admin/organizations/{organizationId}/training-answers',
        'get /admin/organizations/{organizationId}/training-answers/{trainingAnswerId}',
        'patch /admin/organizations/{organizationId}/training-answers/{trainingAnswerId}',
        'delete /admin/organizations/{organizationId}/training-answers/{trainingAnswerId}',
      ]),
    );
  });

  it('401 problem+json without a token or with an unknown one, on every route', async () => {
    for (const route of routes) {
      for (const headers of [{}, bearer('ocx_org_not-a-real-key'), { Authorization: TEST_ADMIN_TOKEN }]) {
        const response = await call(route).set(headers);
        expect({ route: name(route), status: response.status }).toEqual({ route: name(route), status: 401 });
        expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      }
    }
  });

  it("403 with another organization's key on every route about one organization", async () => {
    const scoped = routes.filter((route) => route.path.includes('{organizationId}'));
    expect(scoped.length).toBeGreaterThan(10);
    for (const route of scoped) {
      const response = await call(route).set(bearer(keyOfB)).send({});
      expect({ route: name(route), status: response.status, type: response.body.type }).toEqual({
        route: name(route),
        status: 403,
        type: 'urn:opencx:error:admin_forbidden',
      });
    }
  });

  it("403 with any organization's key on the operator's routes (about no single organization, or marked operator-only)", async () => {
    const operatorOnly = routes.filter((route) => !route.path.includes('{organizationId}') || route.operatorOnly);
    expect(operatorOnly.map(name).sort()).toEqual(['DELETE /admin/organizations/{organizationId}', 'GET /admin/organizations', 'POST /admin/organizations']);
    for (const route of operatorOnly) {
      const response = await call(route).set(bearer(keyOfA)).send(registration('Gamma'));
      expect({ route: name(route), status: response.status }).toEqual({ route: name(route), status: 403 });
    }
  });

  it('400 with field errors for a body with an unknown field, and for broken JSON, on every route with a body', async () => {
    const withBody = routes.filter((route) => route.hasBody);
    expect(withBody.length).toBeGreaterThan(5);
    for (const route of withBody) {
      const unknownField = await call(route).set(operator).send({ unexpectedField: 'x' });
      expect({ route: name(route), status: unknownField.status }).toEqual({ route: name(route), status: 400 });
      expect(unknownField.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(unknownField.body.errors).toEqual(
        expect.arrayContaining([{ field: 'unexpectedField', message: 'property unexpectedField should not exist' }]),
      );

      const brokenJson = await call(route).set(operator).set('Content-Type', 'application/json').send('{"name":');
      expect({ route: name(route), status: brokenJson.status, title: brokenJson.body.title }).toEqual({
        route: name(route),
        status: 400,
        title: 'bad request',
      });
    }
  });

  it('400 for a malformed organization id, 404 for an unknown one, with the operator token', async () => {
    const scoped = routes.filter((route) => route.path.includes('{organizationId}') && !route.hasBody && route.method === 'get');
    for (const route of scoped) {
      const malformed = await request(test.baseUrl).get(urlOf(route).replace(organizationA, 'not-a-uuid')).set(operator);
      expect({ route: name(route), status: malformed.status }).toEqual({ route: name(route), status: 400 });
      const unknown = await request(test.baseUrl).get(urlOf(route).replace(organizationA, randomUUID())).set(operator);
      expect({ route: name(route), status: unknown.status }).toEqual({ route: name(route), status: 404 });
    }
  });
});
