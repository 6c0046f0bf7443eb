import { NOT_HELPFUL_ANSWER_TAG } from '../../src/modules/assist/domain/assist-policy';
import { SIGNING_SECRET, setUpOrganization, SimulatedApp, startAssistFixture, waitForDecisions } from '../support/assist-fixture';
import { FakeOpenAiServer } from '../support/fake-openai-server';
import { TestApp } from '../support/test-app';
import { ZendeskSimulator } from '../support/zendesk-simulator';

describe('Assist pipeline with an OpenAI-compatible LLM (LangChain adapters, fake server on 127.0.0.1)', () => {
  let fixture: SimulatedApp;
  let zendesk: ZendeskSimulator;
  let openAi: FakeOpenAiServer;
  let test: TestApp;

  beforeAll(async () => {
    openAi = await FakeOpenAiServer.start();
    fixture = await startAssistFixture({
      organization: false,
      env: {
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: openAi.baseUrl,
        LLM_MODEL: 'gpt-test',
        EMBEDDING_MODEL: 'embed-test',
        LLM_MAX_RETRIES: '0',
      },
    });
    ({ zendesk, test } = fixture);
  });
  afterAll(() => fixture?.close());
  afterAll(() => openAi?.close());

  afterEach(() => openAi.reset());

  const notesOn = (ticketId: number) => zendesk.getTicket(ticketId).comments.filter((c) => !c.public);

  it('embeds the knowledge base and posts the model draft, citing what the model cited', async () => {
    const { organizationId, webhookUrl } = await setUpOrganization(test, zendesk);
    expect(openAi.callsTo('/v1/embeddings').some((call) => call.body.model === 'embed-test')).toBe(true);

    const ticket = zendesk.createTicket({ subject: 'Cannot log in', body: 'I forgot my password. How do I reset it?' });
    await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: ticket.id });

    const [decision] = await waitForDecisions(test, organizationId, ticket.id);
    expect(decision).toMatchObject({ outcome: 'suggested', evidence: expect.objectContaining({ draftSourced: true }) });
    const [note] = notesOn(ticket.id);
    expect(note.html_body).toContain('Model answer from &#34;How to reset your password&#34;.');
    expect(note.html_body).toContain('<a href="https://help.acme.test/hc/en-us/articles/101">How to reset your password</a>');
    expect(note.html_body).not.toContain('Shipping times');
    const [draftCall] = openAi.callsTo('/v1/chat/completions').slice(-1);
    expect(JSON.stringify(draftCall.body.messages)).toContain('I forgot my password. How do I reset it?');
  });

  it('stays quiet with a tag when the model says the articles do not answer it', async () => {
    const { organizationId, webhookUrl } = await setUpOrganization(test, zendesk, { respondOnlyWithPotentialAnswers: true });
    openAi.answerWith(() => ({ reply: 'Hello, we will check.', citedArticleIds: [], fullySourced: false }));
    const ticket = zendesk.createTicket({ subject: 'Sponsoring', body: 'Do you sponsor football clubs?' });
    await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: ticket.id });

    const [decision] = await waitForDecisions(test, organizationId, ticket.id);
    expect(decision).toMatchObject({ outcome: 'skipped', reason: 'not_helpful_answer', tagsApplied: [NOT_HELPFUL_ANSWER_TAG] });
    expect(notesOn(ticket.id)).toHaveLength(0);
  });

  it.each([
    ['an outage as failed after retrying the job', 503, 'llm_unavailable', 3],
    ['a refusal (bad key) as failed at once', 401, 'llm_rejected', 1],
  ])('records %s, and posts nothing', async (_, status, reason, attempts) => {
    const { organizationId, webhookUrl } = await setUpOrganization(test, zendesk);
    const ticket = zendesk.createTicket({ subject: 'Password', body: 'How do I reset my password?' });
    const before = openAi.calls.length;
    openAi.failNext(1000, status);

    await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: ticket.id });
    const [decision] = await waitForDecisions(test, organizationId, ticket.id);
    expect(decision).toMatchObject({ outcome: 'failed', reason });
    expect(decision.evidence.error).toMatch(new RegExp(String(status)));
    // No topic rule matches, so the LLM's topic choice is the first call and fails: nothing after it is reached;
    // each job attempt asks once.
    const llmCalls = openAi.calls.slice(before);
    expect(llmCalls).toHaveLength(attempts);
    expect(llmCalls.every((call) => call.body.tools?.[0]?.function.name === 'choose_topics')).toBe(true);
    expect(notesOn(ticket.id)).toHaveLength(0);
  });
});
