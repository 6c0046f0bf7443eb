import request from 'supertest';
import { NO_ASSIST_TOPIC_TAG } from '../../src/modules/assist/domain/assist-policy';
import { AssistFixture, startAssistFixture } from '../support/assist-fixture';
import { openTrainingPage, trainingPathInNote } from '../support/training-page';
import { ZendeskSimulator } from '../support/zendesk-simulator';

// A semantic reason, whatever its exact form (`semantic:0.49`, or one naming the example): a similarity at its end.
const SIMILARITY_REASON = /^semantic:\d\.\d\d (description|example:\d+)$/;

// Reps teach topics from the training page, and the next tickets worded like the one they taught are classified
// by it: the webhook, the training page and the admin API over HTTP, offline hashed embedder.
describe('Topics learn from reps: an example added on the training page (real PostgreSQL, Zendesk simulator)', () => {
  let fixture: AssistFixture;
  let zendesk: ZendeskSimulator;
  let organizationId: string;
  let auth: Record<string, string>;
  const admin = () => request(fixture.test.baseUrl);
  const topicsPath = () => `/admin/organizations/${organizationId}/topics`;

  beforeAll(async () => {
    fixture = await startAssistFixture();
    ({ zendesk, organizationId, auth } = fixture);
  });
  afterAll(() => fixture?.close());

  const createTopic = async (topic: Record<string, unknown>): Promise<string> => (await admin().post(topicsPath()).set(auth).send(topic).expect(201)).body.id;
  const classify = async (text: string) => (await admin().post(`${topicsPath()}/classify`).set(auth).send({ text }).expect(200)).body;
  const topicOverGraphql = async (id: string) => {
    const query = `query ($org: ID!, $id: ID!) { topic(organizationId: $org, id: $id) { examples examplesFromReps } }`;
    return (await admin().post('/graphql').set(auth).send({ query, variables: { org: organizationId, id } }).expect(200)).body.data.topic;
  };
  // A rep on the suggestion's training page: "Fix the topic", add the ticket as an example of this topic.
  const addAsExample = async (suggestionId: string, noteHtml: string, topicId: string) => {
    const path = trainingPathInNote(noteHtml, suggestionId);
    const { agent, csrf } = await openTrainingPage(fixture.test.baseUrl, path);
    await agent.post(`/training/${suggestionId}/topic?${path.split('?')[1]}`).type('form').send({ _csrf: csrf, fix: 'add_example', topicId }).expect(303);
  };

  it('a paraphrase of a ticket a rep added to a no-assist topic is skipped with the tag, where before it was answered', async () => {
    const retentionId = await createTopic({ name: 'Retention', description: 'Customers leaving us for a competitor', keywords: ['competitor'], noAssist: true });
    const taught = { subject: 'Stop my plan', body: 'I would like to stop my subscription before the next billing period starts.' };
    // Same meaning, other words: it shares "subscription", "billing period" and "plan", not the rest.
    const paraphrase = { subject: 'Ending the plan', body: 'Please end my subscription, I do not want to be charged for another billing period.' };
    const paraphraseText = `${paraphrase.subject}\n\n${paraphrase.body}`;

    const first = await fixture.ask(taught.subject, taught.body);
    expect(first.decision).toMatchObject({ outcome: 'suggested', evidence: expect.objectContaining({ topics: [] }) });
    expect(await classify(paraphraseText)).toEqual([]);
    const before = await fixture.ask(paraphrase.subject, paraphrase.body);
    expect(before.decision).toMatchObject({ outcome: 'suggested', tagsApplied: [], evidence: expect.objectContaining({ topics: [] }) });

    await addAsExample(first.decision.suggestionId!, first.note!.html_body, retentionId);

    const { body: retention } = await admin().get(`${topicsPath()}/${retentionId}`).set(auth).expect(200);
    expect(retention).toMatchObject({ examples: [taught.body], examplesFromReps: 1 });
    const [trial] = await classify(paraphraseText);
    expect(trial).toEqual({ topicId: retentionId, name: 'Retention', noAssist: true, because: expect.stringMatching(SIMILARITY_REASON) });
    const after = await fixture.ask(paraphrase.subject, paraphrase.body);
    expect(after.decision).toMatchObject({ outcome: 'skipped', reason: 'no_assist_topic', tagsApplied: [NO_ASSIST_TOPIC_TAG] });
    expect(after.decision.evidence.topics).toEqual([{ name: 'Retention', noAssist: true, because: trial.because }]);
    expect(after.note).toBeNull();
    expect(zendesk.getTicket(after.ticket.id).tags).toContain(NO_ASSIST_TOPIC_TAG);
    // The ticket's story tells the same reason.
    const story = await admin().get(`/admin/organizations/${organizationId}/tickets/${after.ticket.id}/explain`).set(auth).expect(200);
    expect(story.body.decisions[0].evidence.topics).toEqual([{ name: 'Retention', noAssist: true, because: trial.because }]);
  });

  it("counts the reps' examples over REST and GraphQL until an admin removes them; an admin adding one back makes it the admin's", async () => {
    const billingId = await createTopic({ name: 'Billing', description: 'Invoices and payments', keywords: ['invoice'], examples: ['Where are my invoices?'], noAssist: false });
    const first = await fixture.ask('Invoice copy', 'Can I get a copy of my invoice for March?');
    const second = await fixture.ask('Invoice address', 'Please put my company address on the invoice.');
    await addAsExample(first.decision.suggestionId!, first.note!.html_body, billingId);
    await addAsExample(second.decision.suggestionId!, second.note!.html_body, billingId);
    // Added again (by another rep, or a second press): already an example, counted once.
    await addAsExample(first.decision.suggestionId!, first.note!.html_body, billingId);
    const taught = ['Can I get a copy of my invoice for March?', 'Please put my company address on the invoice.'];

    const read = async () => (await admin().get(`${topicsPath()}/${billingId}`).set(auth).expect(200)).body;
    const listed = async () => (await admin().get(topicsPath()).set(auth).expect(200)).body.find((t: { id: string }) => t.id === billingId);
    expect(await read()).toMatchObject({ examples: ['Where are my invoices?', ...taught], examplesFromReps: 2 });
    expect(await listed()).toMatchObject({ examplesFromReps: 2 });
    expect(await topicOverGraphql(billingId)).toEqual({ examples: ['Where are my invoices?', ...taught], examplesFromReps: 2 });

    // An admin edit that keeps them keeps them the reps'; removing one stops counting it.
    await admin().patch(`${topicsPath()}/${billingId}`).set(auth).send({ description: 'Invoices, payments and receipts' }).expect(200);
    expect(await read()).toMatchObject({ examplesFromReps: 2 });
    const { body: removed } = await admin().patch(`${topicsPath()}/${billingId}`).set(auth).send({ examples: ['Where are my invoices?', taught[1]] }).expect(200);
    expect(removed.examplesFromReps).toBe(1);
    const { body: addedBack } = await admin().patch(`${topicsPath()}/${billingId}`).set(auth).send({ examples: ['Where are my invoices?', ...taught] }).expect(200);
    expect(addedBack).toMatchObject({ examples: ['Where are my invoices?', ...taught], examplesFromReps: 1 });
    expect(await listed()).toMatchObject({ examplesFromReps: 1 });
    expect(await topicOverGraphql(billingId)).toMatchObject({ examplesFromReps: 1 });

    // A rep adding an example an admin wrote does not make it the reps'.
    const third = await fixture.ask('Invoices', 'Where are my invoices?');
    await addAsExample(third.decision.suggestionId!, third.note!.html_body, billingId);
    expect(await read()).toMatchObject({ examplesFromReps: 1 });
  });
});
