import request from 'supertest';
import { TEST_ADMIN_TOKEN } from './test-app';

// The console over HTTP, as a browser without script uses it: the CSRF token of the page read, a signed-in agent.
export const csrfOf = (text: string) => /name="_csrf" value="([^"]+)"/.exec(text)![1];

export async function consoleSignIn(baseUrl: string, token: string) {
  const agent = request.agent(baseUrl);
  const form = await agent.get('/console').expect(200);
  await agent.post('/console/sign-in').type('form').send({ _csrf: csrfOf(form.text), token }).expect(303);
  return agent;
}

// A second organization (on a zendesk.com subdomain nobody calls) and an API key of its own, for the 404 checks.
export async function anotherOrganizationWithKey(baseUrl: string): Promise<{ id: string; token: string }> {
  const operator = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  const registration = { name: 'Beta', zendesk: { subdomain: 'beta', email: 'agent@beta.test', apiToken: 'zendesk-token' }, webhookSigningSecret: 'webhook-signing-secret-0123456789' };
  const { id } = (await request(baseUrl).post('/admin/organizations').set(operator).send(registration).expect(201)).body as { id: string };
  const { token } = (await request(baseUrl).post(`/admin/organizations/${id}/api-keys`).set(operator).send({ name: 'console' }).expect(201)).body as { token: string };
  return { id, token };
}

// For the tenancy checks: a key of the organization, and another organization with a key of its own.
export async function keysForTenancy(baseUrl: string, organizationId: string) {
  const operator = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  const { token: ownKey } = (await request(baseUrl).post(`/admin/organizations/${organizationId}/api-keys`).set(operator).send({ name: 'console' }).expect(201)).body as { token: string };
  const other = await anotherOrganizationWithKey(baseUrl);
  return { ownKey, otherOrganizationId: other.id, otherKey: other.token };
}
