import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { AssistFixture, newTicketDecision, setUpOrganization, startAssistFixture } from '../support/assist-fixture';
import { TEST_ADMIN_TOKEN, TestApp } from '../support/test-app';
import { openTrainingPage, trainingPathInNote } from '../support/training-page';

// An admin API id that names another record must name one of the organization's own: another organization's
// is answered as one that does not exist (404), and nothing is stored.
describe('Cross-tenant references: another organization’s suggestion or topic is refused as unknown', () => {
  let fixture: AssistFixture;
  let test: TestApp;
  let organizationId: string;
  let ownSuggestionId: string;
  let ownTrainingPath: string;
  let otherOrganizationId: string;
  let otherSuggestionId: string;
  const auth = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  const answers = () => `/admin/organizations/${organizationId}/training-answers`;
  const storedAnswers = async () => (await request(test.baseUrl).get(answers()).set(auth).expect(200)).body.items.length as number;
  const answer = (suggestionId: string) => ({ question: 'How do I reset my password?', answer: 'Use the Forgot password link.', suggestionId });

  beforeAll(async () => {
    fixture = await startAssistFixture();
    ({ test, organizationId } = fixture);
    const own = await fixture.ask('Cannot log in', 'I forgot my password. How do I reset it?');
    ownSuggestionId = own.decision.suggestionId!;
    ownTrainingPath = trainingPathInNote(own.note!.html_body, ownSuggestionId);
    const other = await setUpOrganization(test, fixture.zendesk);
    otherOrganizationId = other.organizationId;
    const ticket = { subject: 'Cannot log in', body: 'I forgot my password. How do I reset it?' };
    otherSuggestionId = (await newTicketDecision(test, fixture.zendesk, other, ticket)).decision.suggestionId!;
  });
  afterAll(() => fixture?.close());

  it.each([
    ['another organization’s suggestion', () => otherSuggestionId],
    ['a suggestion that does not exist', () => randomUUID()],
  ])('REST: 404 for %s, and nothing is stored', async (_, suggestionId) => {
    const before = await storedAnswers();

    const response = await request(test.baseUrl).post(answers()).set(auth).send(answer(suggestionId())).expect(404);

    expect(response.body).toMatchObject({ status: 404, code: 'suggestion_not_found' });
    expect(await storedAnswers()).toBe(before);
  });

  it('GraphQL: NOT_FOUND for another organization’s suggestion, and nothing is stored', async () => {
    const before = await storedAnswers();

    const response = await request(test.baseUrl)
      .post('/graphql')
      .set(auth)
      .send({
        query: `mutation ($org: ID!, $answer: TrainingAnswerInput!) { createTrainingAnswer(organizationId: $org, trainingAnswer: $answer) { id } }`,
        variables: { org: organizationId, answer: answer(otherSuggestionId) },
      })
      .expect(200);

    expect(response.body.data).toBeNull();
    expect(response.body.errors[0].extensions).toMatchObject({ code: 'NOT_FOUND', status: 404, reason: 'suggestion_not_found' });
    expect(await storedAnswers()).toBe(before);
  });

  it('the organization’s own suggestion is accepted', async () => {
    const response = await request(test.baseUrl).post(answers()).set(auth).send(answer(ownSuggestionId)).expect(201);

    expect(response.body).toMatchObject({ organizationId, suggestionId: ownSuggestionId });
  });

  it('training page: a topic fix naming another organization’s topic is 404, and that topic is unchanged', async () => {
    const topics = () => request(test.baseUrl).get(`/admin/organizations/${otherOrganizationId}/topics`).set(auth).expect(200);
    const [otherTopic] = (await topics()).body as { id: string; noAssist: boolean; examples: string[] }[];
    const { agent, csrf } = await openTrainingPage(test.baseUrl, ownTrainingPath);
    const query = ownTrainingPath.split('?')[1];

    await agent.post(`/training/${ownSuggestionId}/topic?${query}`).type('form').send({ _csrf: csrf, fix: 'add_example', topicId: otherTopic.id }).expect(404);

    expect((await topics()).body[0]).toEqual(otherTopic);
  });
});
