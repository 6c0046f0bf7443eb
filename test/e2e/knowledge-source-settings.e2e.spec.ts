import request from 'supertest';
import { AssistFixture, startAssistFixture } from '../support/assist-fixture';

// Macros and solved tickets read more of a Zendesk account than its help center (solved tickets hold customers'
// words): both stay off until an admin turns them on, through REST, GraphQL or the console, and every change is
// audited.
describe('Settings for macros and solved tickets as knowledge (real PostgreSQL)', () => {
  let fixture: AssistFixture;
  const settingsUrl = () => `/admin/organizations/${fixture.organizationId}/settings`;

  beforeAll(async () => {
    fixture = await startAssistFixture({ checkZendeskWrites: false });
  });

  afterAll(() => fixture?.close());

  it('are off by default, 180 days back, in REST and GraphQL', async () => {
    const { body: organization } = await request(fixture.test.baseUrl).get(`/admin/organizations/${fixture.organizationId}`).set(fixture.auth).expect(200);
    expect(organization.settings).toMatchObject({ macrosEnabled: false, macrosIncludeRestricted: false, solvedTicketsEnabled: false, solvedTicketsLookbackDays: 180 });
    const { body } = await request(fixture.test.baseUrl)
      .post('/graphql')
      .set(fixture.auth)
      .send({
        query: `query ($id: ID!) { organization(organizationId: $id) { settings { macrosEnabled macrosIncludeRestricted solvedTicketsEnabled solvedTicketsLookbackDays } } }`,
        variables: { id: fixture.organizationId },
      })
      .expect(200);
    expect(body.data.organization.settings).toEqual({ macrosEnabled: false, macrosIncludeRestricted: false, solvedTicketsEnabled: false, solvedTicketsLookbackDays: 180 });
  });

  it.each([
    ['macrosEnabled', 'yes'],
    ['macrosIncludeRestricted', 1],
    ['solvedTicketsEnabled', null],
    ['guideWriteBack', null],
    ['solvedTicketsLookbackDays', 0],
    ['solvedTicketsLookbackDays', 3651],
    ['solvedTicketsLookbackDays', 1.5],
  ])('refuses %s = %p with a 400 naming the field (null included: a setting is left out, never emptied)', async (field, value) => {
    const refused = await request(fixture.test.baseUrl).patch(settingsUrl()).set(fixture.auth).send({ [field]: value }).expect(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
  });

  it('are turned on through REST and GraphQL, and audited', async () => {
    await request(fixture.test.baseUrl).patch(settingsUrl()).set(fixture.auth).send({ macrosEnabled: true, solvedTicketsLookbackDays: 30 }).expect(200);
    const { body } = await request(fixture.test.baseUrl)
      .post('/graphql')
      .set(fixture.auth)
      .send({
        query: `mutation ($org: ID!) { updateSettings(organizationId: $org, settings: { solvedTicketsEnabled: true, macrosIncludeRestricted: true }) { settings { macrosEnabled macrosIncludeRestricted solvedTicketsEnabled solvedTicketsLookbackDays } } }`,
        variables: { org: fixture.organizationId },
      })
      .expect(200);
    expect(body.data.updateSettings.settings).toEqual({ macrosEnabled: true, macrosIncludeRestricted: true, solvedTicketsEnabled: true, solvedTicketsLookbackDays: 30 });
    const { body: audit } = await request(fixture.test.baseUrl).get(`/admin/organizations/${fixture.organizationId}/audit`).set(fixture.auth).expect(200);
    expect(audit.items.slice(0, 2).map((entry: { changes: object }) => entry.changes)).toEqual([
      { macrosIncludeRestricted: { from: false, to: true }, solvedTicketsEnabled: { from: false, to: true } },
      { macrosEnabled: { from: false, to: true }, solvedTicketsLookbackDays: { from: 180, to: 30 } },
    ]);
  });
});
