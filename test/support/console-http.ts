import request from 'supertest';
import { TEST_ADMIN_TOKEN } from './test-app';

// A browser's session over HTTP: the sign-in form's token, then the session cookie kept by the agent.
export async function signedInConsole(baseUrl: string, token: string) {
  const agent = request.agent(baseUrl);
  const form = await agent.get('/console').expect(200);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1];
  await agent.post('/console/sign-in').type('form').send({ _csrf: csrf, token }).expect(303);
  return agent;
}

// For the tenancy checks: a key of the organization, and another organization with a key of its own.
export async function keysForTenancy(baseUrl: string, organizationId: string) {
  const operator = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  const keyOf = async (id: string) => (await request(baseUrl).post(`/admin/organizations/${id}/api-keys`).set(operator).send({ name: 'console' }).expect(201)).body.token as string;
  const other = (
    await request(baseUrl)
      .post('/admin/organizations')
      .set(operator)
      .send({ name: 'Beta', zendesk: { subdomain: 'beta', email: 'agent@beta.test', apiToken: 'zendesk-token' }, webhookSigningSecret: 'webhook-signing-secret-0123456789' })
      .expect(201)
  ).body.id as string;
  return { ownKey: await keyOf(organizationId), otherOrganizationId: other, otherKey: await keyOf(other) };
}
