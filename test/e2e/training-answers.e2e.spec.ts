import request from 'supertest';
import { AssistFixture, startAssistFixture } from '../support/assist-fixture';
import { TEST_ADMIN_TOKEN, TestApp } from '../support/test-app';

const INVOICE_ANSWER = {
  question: 'Can I pay by invoice instead of with a credit card?',
  answer: 'Yes, you can pay by invoice. Choose Invoice at checkout and we email the invoice, payable within 30 days.',
};

describe('Training answers: saved by admins, used first for similar questions (real PostgreSQL, Zendesk simulator)', () => {
  let fixture: AssistFixture;
  let test: TestApp;
  let organizationId: string;
  let otherOrganizationId: string;
  let ask: AssistFixture['ask'];
  const operator = `Bearer ${TEST_ADMIN_TOKEN}`;
  const base = () => `/admin/organizations/${organizationId}/training-answers`;
  const admin = () => request(test.baseUrl);
  const graphql = (query: string, variables: Record<string, unknown>, authorization = operator) =>
    admin().post('/graphql').set('Authorization', authorization).send({ query, variables }).expect(200);

  beforeAll(async () => {
    fixture = await startAssistFixture();
    ({ test, organizationId, ask } = fixture);
    const other = await admin()
      .post('/admin/organizations')
      .set('Authorization', operator)
      .send({ name: 'Other', zendesk: { baseUrl: fixture.zendesk.baseUrl, email: 'a@example.com', apiToken: 't' }, webhookSigningSecret: 'other-signing-secret-0123' })
      .expect(201);
    otherOrganizationId = other.body.id;
  });

  afterAll(() => fixture?.close());

  it('grounds the draft for a similar question on the training answer, first and cited, and not an unrelated one', async () => {
    const saved = await admin().post(base()).set('Authorization', operator).send(INVOICE_ANSWER).expect(201);

    const similar = await ask('Paying by invoice', 'Hello, can I pay with an invoice rather than a credit card?');
    expect(similar.decision).toMatchObject({ outcome: 'suggested' });
    // The help center has no article on invoices: without the training answer this draft would not be sourced.
    expect(similar.decision.evidence).toMatchObject({ draftSourced: true });
    expect((similar.decision.evidence.retrieval as Record<string, unknown>[])[0]).toMatchObject({ externalId: `training:${saved.body.id}`, title: 'Answer from your team' });
    expect(similar.note!.html_body).toContain('payable within 30 days');
    expect(similar.note!.html_body).toContain('<li>Answer from your team</li>');

    const unrelated = await ask('Cannot log in', 'I forgot my password. How do I reset it?');
    const retrieval = unrelated.decision.evidence.retrieval as Record<string, unknown>[];
    expect(retrieval[0]).toMatchObject({ externalId: '101' });
    expect(retrieval.some((passage) => String(passage.externalId).startsWith('training:'))).toBe(false);
    expect(unrelated.note!.html_body).not.toContain('Answer from your team');
  });

  it('lets admins list, read, edit and delete training answers over REST, and refuses another organization\'s key', async () => {
    const created = await admin().post(base()).set('Authorization', operator).send({ question: 'Do you ship to Canada?', answer: 'Yes, within 7 business days.' }).expect(201);
    expect(created.body).toMatchObject({ organizationId, createdBy: 'operator', suggestionId: null });
    const id: string = created.body.id;

    const firstPage = await admin().get(`${base()}?limit=1`).set('Authorization', operator).expect(200);
    expect(firstPage.body.items.map((item: { id: string }) => item.id)).toEqual([id]);
    const secondPage = await admin().get(`${base()}?limit=1&cursor=${firstPage.body.nextCursor}`).set('Authorization', operator).expect(200);
    expect(secondPage.body.items[0].id).not.toBe(id);

    const edited = await admin().patch(`${base()}/${id}`).set('Authorization', operator).send({ answer: 'Yes, within 5 business days.' }).expect(200);
    expect(edited.body).toMatchObject({ question: 'Do you ship to Canada?', answer: 'Yes, within 5 business days.' });
    await admin().get(`${base()}/${id}`).set('Authorization', operator).expect(200);
    await admin().patch(`${base()}/${id}`).set('Authorization', operator).send({ suggestionId: created.body.id }).expect(400);
    await admin().post(base()).set('Authorization', operator).send({ question: 'x', answer: 'y'.repeat(10001) }).expect(400);

    const otherKey = await admin().post(`/admin/organizations/${otherOrganizationId}/api-keys`).set('Authorization', operator).send({ name: 'other' }).expect(201);
    const foreign = `Bearer ${otherKey.body.token}`;
    await admin().get(`${base()}/${id}`).set('Authorization', foreign).expect(403);
    await admin().delete(`${base()}/${id}`).set('Authorization', foreign).expect(403);

    await admin().delete(`${base()}/${id}`).set('Authorization', operator).expect(204);
    const gone = await admin().get(`${base()}/${id}`).set('Authorization', operator).expect(404);
    expect(gone.body.type).toBe('urn:opencx:error:training_answer_not_found');
  });

  it('offers the same operations over GraphQL, with the same keys', async () => {
    const ownKey = await admin().post(`/admin/organizations/${organizationId}/api-keys`).set('Authorization', operator).send({ name: 'trainer' }).expect(201);
    const own = `Bearer ${ownKey.body.token}`;
    const created = await graphql(
      `mutation ($org: ID!) { createTrainingAnswer(organizationId: $org, trainingAnswer: { question: "Is there a student discount?", answer: "Yes, 20 % with a student email." }) { id createdBy } }`,
      { org: organizationId },
      own,
    );
    const { id, createdBy } = created.body.data.createTrainingAnswer;
    expect(createdBy).toBe(ownKey.body.id);

    const updated = await graphql(`mutation ($org: ID!, $id: ID!) { updateTrainingAnswer(organizationId: $org, id: $id, changes: { answer: "Yes, 25 %." }) { answer } }`, { org: organizationId, id }, own);
    expect(updated.body.data.updateTrainingAnswer).toEqual({ answer: 'Yes, 25 %.' });
    const read = await graphql(`query ($org: ID!, $id: ID!) { trainingAnswer(organizationId: $org, id: $id) { question answer } }`, { org: organizationId, id }, own);
    expect(read.body.data.trainingAnswer).toEqual({ question: 'Is there a student discount?', answer: 'Yes, 25 %.' });
    const listed = await graphql(`query ($org: ID!) { trainingAnswers(organizationId: $org, limit: 10) { items { id } nextCursor } }`, { org: organizationId }, own);
    expect(listed.body.data.trainingAnswers.items.map((item: { id: string }) => item.id)).toContain(id);

    const foreign = await graphql(`query ($org: ID!) { trainingAnswers(organizationId: $org) { items { id } } }`, { org: otherOrganizationId }, own);
    expect(foreign.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    const invalid = await graphql(`mutation ($org: ID!) { createTrainingAnswer(organizationId: $org, trainingAnswer: { question: "", answer: "a" }) { id } }`, { org: organizationId }, own);
    expect(invalid.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });

    expect((await graphql(`mutation ($org: ID!, $id: ID!) { deleteTrainingAnswer(organizationId: $org, id: $id) }`, { org: organizationId, id }, own)).body.data).toEqual({ deleteTrainingAnswer: true });
    const gone = await graphql(`mutation ($org: ID!, $id: ID!) { deleteTrainingAnswer(organizationId: $org, id: $id) }`, { org: organizationId, id }, own);
    expect(gone.body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', reason: 'training_answer_not_found' });
  });
});
