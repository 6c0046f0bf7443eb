import request from 'supertest';
import { AssistFixture, SIGNING_SECRET, startAssistFixture, waitForDecisions } from '../support/assist-fixture';
import { TestApp } from '../support/test-app';
import { ZendeskSimulator } from '../support/zendesk-simulator';

interface SuggestionView {
  id: string;
  reply: string;
  sources: { articleId: string; title: string }[];
  acceptance: { acceptance: string; similarity: number; agentCommentId: string | null; judgedAt: string } | null;
}

// The rep's public reply after our note, read from the next webhook, judged against the draft.
describe('Suggestion feedback: the rep’s reply judged against the draft (real PostgreSQL, Zendesk simulator)', () => {
  let fixture: AssistFixture;
  let zendesk: ZendeskSimulator;
  let test: TestApp;
  let organizationId: string;
  let webhookUrl: string;
  let auth: Record<string, string>;

  beforeAll(async () => {
    fixture = await startAssistFixture();
    ({ zendesk, test, organizationId, webhookUrl, auth } = fixture);
    for (const topic of [
      { name: 'Login', description: 'Signing in and passwords', keywords: ['password'], noAssist: false },
      { name: 'Shipping', description: 'Deliveries and tracking', keywords: ['parcel'], noAssist: false },
    ]) {
      await request(test.baseUrl).post(`/admin/organizations/${organizationId}/topics`).set(auth).send(topic).expect(201);
    }
  });

  afterAll(() => fixture?.close());

  const fire = (ticketId: number) => zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(ticketId) });
  const suggestionOf = async (ticketId: number): Promise<SuggestionView> => {
    const response = await request(test.baseUrl)
      .post('/graphql')
      .set(auth)
      .send({
        query: `query ($organizationId: ID!, $ticketId: String!) {
          suggestions(organizationId: $organizationId, ticketId: $ticketId) {
            id reply sources { articleId title } acceptance { acceptance similarity agentCommentId judgedAt }
          }
        }`,
        variables: { organizationId, ticketId: String(ticketId) },
      })
      .expect(200);
    expect(response.body.errors).toBeUndefined();
    const [suggestion, ...others] = response.body.data.suggestions as SuggestionView[];
    expect(others).toEqual([]);
    return suggestion;
  };
  // A suggested ticket, then the rep's public reply written from the draft, then the webhook that reply fires.
  const answered = async (question: string, writeReply: (draft: string) => string) => {
    const ticket = zendesk.createTicket({ subject: 'Question', body: question });
    await fire(ticket.id);
    const [decision] = await waitForDecisions(test, organizationId, ticket.id);
    expect(decision.outcome).toBe('suggested');
    const before = await suggestionOf(ticket.id);
    expect(before.acceptance).toBeNull();
    const reply = zendesk.addComment(ticket.id, { authorId: zendesk.agentId, body: writeReply(before.reply) });
    await fire(ticket.id);
    const decisions = await waitForDecisions(test, organizationId, ticket.id, 2);
    // The rep's reply is now the latest public comment: the decision stays quiet, and the judging happened anyway.
    expect(decisions[0]).toMatchObject({ outcome: 'skipped', reason: 'awaiting_customer' });
    return { ticketId: ticket.id, replyId: String(reply.id), suggestion: await suggestionOf(ticket.id) };
  };
  // The draft's answer between the rep's own greeting and signature.
  const body = (draft: string) => draft.split('\n\n').slice(1, -1).join('\n\n');

  let pasted: Awaited<ReturnType<typeof answered>>;
  let edited: Awaited<ReturnType<typeof answered>>;
  let unrelated: Awaited<ReturnType<typeof answered>>;

  beforeAll(async () => {
    pasted = await answered('I forgot my password. How do I reset it?', (draft) => `Hello Dana,\n\n${body(draft)}\n\nCheers,\nSam`);
    edited = await answered('When does my parcel ship, and how do I get the tracking number?', (draft) =>
      `${body(draft).replace('Orders ship', 'Your order ships')} Let me know if you need anything else today.`,
    );
    unrelated = await answered('How do I cancel my subscription?', () => 'I have passed this on to our billing team, who will call you tomorrow morning.');
  });

  it('records a reply pasted from the draft as accepted as is, against that reply', () => {
    expect(pasted.suggestion.acceptance).toMatchObject({ acceptance: 'as_is', similarity: 1, agentCommentId: pasted.replyId });
  });

  it('records a reworded reply with a sentence added as lightly edited', () => {
    expect(edited.suggestion.acceptance).toMatchObject({ acceptance: 'lightly_edited', agentCommentId: edited.replyId });
    expect(edited.suggestion.acceptance!.similarity).toBeLessThan(0.9);
  });

  it('records an unrelated reply as ignored', () => {
    expect(unrelated.suggestion.acceptance).toMatchObject({ acceptance: 'ignored', agentCommentId: unrelated.replyId });
  });

  it('judges once: a later delivery showing another reply by the rep changes nothing', async () => {
    zendesk.addComment(pasted.ticketId, { authorId: zendesk.agentId, body: 'Following up: did the reset link arrive?' });
    await fire(pasted.ticketId);
    await fire(pasted.ticketId);
    await waitForDecisions(test, organizationId, pasted.ticketId, 4);
    expect((await suggestionOf(pasted.ticketId)).acceptance).toEqual(pasted.suggestion.acceptance);
  });

  it('tells the story: the explain notes carry the acceptance', async () => {
    const story = await request(test.baseUrl).get(`/admin/organizations/${organizationId}/tickets/${edited.ticketId}/explain`).set(auth).expect(200);
    expect(story.body.notes[0].acceptance).toMatchObject({ acceptance: 'lightly_edited', agentCommentId: edited.replyId });
  });

  it('counts acceptance overall, per topic matched and per source article, for suggestions posted in the period', async () => {
    const acceptance = (query: Record<string, string> = {}) =>
      request(test.baseUrl).get(`/admin/organizations/${organizationId}/suggestions/acceptance`).query(query).set(auth);
    const counts = (partial: Record<string, number>) => ({ as_is: 0, lightly_edited: 0, heavily_edited: 0, ignored: 0, pending: 0, ...partial });

    const report = (await acceptance().expect(200)).body;
    expect(report.overall).toEqual(counts({ as_is: 1, lightly_edited: 1, ignored: 1, total: 3 }));
    expect(report.topics).toEqual([
      { topic: 'Login', counts: counts({ as_is: 1, total: 1 }) },
      { topic: 'Shipping', counts: counts({ lightly_edited: 1, total: 1 }) },
    ]);
    const byArticle = (suggestion: SuggestionView) => report.articles.find((a: { articleId: string }) => a.articleId === suggestion.sources[0].articleId);
    expect(byArticle(pasted.suggestion)).toEqual({ ...pasted.suggestion.sources[0], counts: counts({ as_is: 1, total: 1 }) });
    expect(byArticle(edited.suggestion)).toEqual({ ...edited.suggestion.sources[0], counts: counts({ lightly_edited: 1, total: 1 }) });
    expect(byArticle(unrelated.suggestion)).toEqual({ ...unrelated.suggestion.sources[0], counts: counts({ ignored: 1, total: 1 }) });
    expect(report.articles).toHaveLength(3);

    const later = (await acceptance({ from: new Date(Date.now() + 60_000).toISOString() }).expect(200)).body;
    expect(later.overall.total).toBe(0);
    await acceptance({ from: 'yesterday' }).expect(400);
  });
});
