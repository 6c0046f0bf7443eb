import request from 'supertest';
import { TEST_ADMIN_TOKEN } from './test-app';

// The console over HTTP as a browser drives it: a cookie jar signed in with a token, and each page's form token.
export const csrfOf = (text: string) => /name="_csrf" value="([^"]+)"/.exec(text)![1];

export async function consoleAgent(baseUrl: string, token = TEST_ADMIN_TOKEN) {
  const agent = request.agent(baseUrl);
  const form = await agent.get('/console').expect(200);
  await agent.post('/console/sign-in').type('form').send({ _csrf: csrfOf(form.text), token }).expect(303);
  return agent;
}

// Another organization and an admin API key of its own: the stranger every console screen must answer with 404.
export async function otherOrganizationKey(baseUrl: string): Promise<{ organizationId: string; key: string }> {
  const operator = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  const { body } = await request(baseUrl)
    .post('/admin/organizations')
    .set(operator)
    .send({ name: 'Other', zendesk: { subdomain: 'other', email: 'a@other.test', apiToken: 'zendesk-token-secret' }, webhookSigningSecret: 'webhook-signing-secret-0123456789' })
    .expect(201);
  const key = (await request(baseUrl).post(`/admin/organizations/${body.id}/api-keys`).set(operator).send({ name: 'console' }).expect(201)).body.token;
  return { organizationId: body.id, key };
}
