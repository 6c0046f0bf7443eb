import request from 'supertest';
import { AssistRecords } from '../../src/modules/assist/application/ports/assist-records';
import { NO_ASSIST_TOPIC_TAG, NOT_HELPFUL_ANSWER_TAG } from '../../src/modules/assist/domain/assist-policy';
import { AssistFixture, SIGNING_SECRET, setUpOrganization, startAssistFixture, waitForDecisions } from '../support/assist-fixture';
import { TEST_ADMIN_TOKEN, TestApp } from '../support/test-app';
import { ZendeskSimulator } from '../support/zendesk-simulator';

describe('Assist pipeline: webhook → decision → internal note (real PostgreSQL, Zendesk simulator)', () => {
  let fixture: AssistFixture;
  let zendesk: ZendeskSimulator;
  let test: TestApp;
  let organizationId: string;
  let webhookUrl: string;

  beforeAll(async () => {
    fixture = await startAssistFixture();
    ({ zendesk, test, organizationId, webhookUrl } = fixture);
  });

  afterAll(() => fixture?.close());

  const fire = (ticketId: number | string) => zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(ticketId) });
  const notesOn = (ticketId: number) => zendesk.getTicket(ticketId).comments.filter((c) => !c.public);

  it('posts a grounded draft as an internal note, with sources, a training link and an AI footer', async () => {
    const ticket = zendesk.createTicket({ subject: 'Cannot log in', body: 'I forgot my password. How do I reset it?' });
    expect((await fire(ticket.id)).status).toBe(202);

    const [decision] = await waitForDecisions(test, organizationId, ticket.id);
    expect(decision).toMatchObject({ outcome: 'suggested', reason: 'suggested', tagsApplied: [] });
    expect(decision.suggestionId).toBeDefined();
    expect(decision.evidence).toMatchObject({ status: 'open', latestPublicCommentBy: 'end-user', draftSourced: true });
    const [best] = decision.evidence.retrieval as Record<string, unknown>[];
    expect(best).toMatchObject({ externalId: '101', title: 'How to reset your password' });
    expect(best.coverage).toBeGreaterThan(0.42);

    const [note] = notesOn(ticket.id);
    expect(note.public).toBe(false);
    expect(note.html_body).toMatch(/Forgot password/);
    expect(note.html_body).toContain('href="https://help.acme.test/hc/en-us/articles/101"');
    expect(note.html_body).toMatch(/Written by AI/);
    const trainingLink = /href="([^"]*\/training\/[^"]+)"/.exec(note.html_body)![1].replace(/&#38;/g, '&');
    expect(trainingLink).toContain(decision.suggestionId);

    const training = await request(test.baseUrl).get(new URL(trainingLink).pathname + new URL(trainingLink).search).expect(200);
    expect(training.text).toContain(`ticket #${ticket.id}`);
    expect(training.text).toContain('How to reset your password');
    await request(test.baseUrl).get(`/training/${decision.suggestionId}?token=1.${'A'.repeat(43)}`).expect(403);
  });

  it("drafts from the articles in the requester's language when the help center has them", async () => {
    await request(test.baseUrl)
      .post(`/admin/organizations/${organizationId}/knowledge/articles`)
      .set({ Authorization: `Bearer ${TEST_ADMIN_TOKEN}` })
      .send({
        articles: [
          {
            externalId: '101',
            title: 'Passwort zurücksetzen',
            body: '<p>Öffnen Sie die Anmeldeseite und klicken Sie auf <strong>Forgot password</strong>. Der Link ist 24 Stunden gültig.</p>',
            url: 'https://help.acme.test/hc/de/articles/101',
            locale: 'de',
          },
        ],
      })
      .expect(200);
    const askedBy = (locale: string) =>
      zendesk.createTicket({
        subject: 'Forgot password',
        body: 'Wo finde ich den Forgot password Link?',
        requesterId: zendesk.addUser({ name: 'Kunde', role: 'end-user', locale }).id,
      });
    const german = askedBy('de-DE');
    const english = askedBy('en-US');
    await fire(german.id);
    await fire(english.id);
    await waitForDecisions(test, organizationId, german.id);
    await waitForDecisions(test, organizationId, english.id);

    expect(notesOn(german.id)[0].html_body).toContain('href="https://help.acme.test/hc/de/articles/101"');
    expect(notesOn(english.id)[0].html_body).toContain('href="https://help.acme.test/hc/en-us/articles/101"');
    expect(notesOn(english.id)[0].html_body).not.toContain('/hc/de/');
  });

  it('never suggests twice for the same comment: redeliveries and the update our own note causes', async () => {
    const ticket = zendesk.createTicket({ subject: 'Where is my parcel?', body: 'How long does shipping take and how do I track it?' });
    const deliveries = await Promise.all(Array.from({ length: 5 }, () => fire(ticket.id)));
    expect(deliveries.map((d) => d.status)).toEqual([202, 202, 202, 202, 202]);
    const decisions = await waitForDecisions(test, organizationId, ticket.id, 5);
    expect(decisions.filter((d) => d.outcome === 'suggested')).toHaveLength(1);
    // Redeliveries that came while the first job waited, or before its run read the ticket, are coalesced into
    // it without reading Zendesk; any later one reads the ticket and finds its comment claimed.
    expect(decisions.filter((d) => d.reason === 'duplicate')).toHaveLength(4);
    expect(decisions.filter((d) => d.evidence.coalescedInto).length).toBeGreaterThan(0);

    // Zendesk fires the trigger again because our note updated the ticket.
    await fire(ticket.id);
    await waitForDecisions(test, organizationId, ticket.id, 6);
    expect(notesOn(ticket.id)).toHaveLength(1);

    // A new customer comment is a new question: a new suggestion.
    zendesk.addComment(ticket.id, { authorId: zendesk.getTicket(ticket.id).requester_id, body: 'Also, can I cancel my subscription?', public: true });
    await fire(ticket.id);
    const latest = await waitForDecisions(test, organizationId, ticket.id, 7);
    expect(latest[0]).toMatchObject({ outcome: 'suggested' });
    expect(notesOn(ticket.id)).toHaveLength(2);
  });

  it('posts the note once when its decision was not recorded: the retry finds it, and saves its suggestion as posted', async () => {
    const records = test.app.get(AssistRecords);
    const lost = jest.spyOn(records, 'recordDecision').mockRejectedValueOnce(new Error('Connection terminated'));
    const ticket = zendesk.createTicket({ subject: 'Cannot log in', body: 'I forgot my password. How do I reset it?' });
    try {
      await fire(ticket.id);
      const [decision] = await waitForDecisions(test, organizationId, ticket.id);
      expect(lost).toHaveBeenCalledTimes(2);
      expect(decision).toMatchObject({ outcome: 'suggested' });
      const notes = notesOn(ticket.id);
      expect(notes).toHaveLength(1);
      const suggestions = await records.listSuggestions(organizationId, String(ticket.id));
      expect(suggestions).toHaveLength(1);
      expect(suggestions[0]).toMatchObject({ id: decision.suggestionId, zendeskCommentId: String(notes[0].id), postedAt: expect.any(Date) });
      expect(notes[0].html_body).toContain(decision.suggestionId);
    } finally {
      lost.mockRestore();
    }
  });

  it('tags and stays quiet on a no-assist topic', async () => {
    const ticket = zendesk.createTicket({ subject: 'Complaint', body: 'My lawyer will file a lawsuit about my password.' });
    await fire(ticket.id);
    const [decision] = await waitForDecisions(test, organizationId, ticket.id);
    expect(decision).toMatchObject({ outcome: 'skipped', reason: 'no_assist_topic', tagsApplied: [NO_ASSIST_TOPIC_TAG] });
    expect(decision.evidence.topics).toEqual([{ name: 'Legal', noAssist: true, because: 'keyword:lawsuit' }]);
    expect(zendesk.getTicket(ticket.id).tags).toContain(NO_ASSIST_TOPIC_TAG);
    expect(notesOn(ticket.id)).toHaveLength(0);
  });

  it.each([
    ['solved', 'solved', false],
    ['closed', 'closed', false],
    ['pending after an agent reply', 'pending', true],
  ])('stays quiet without a tag on a %s ticket', async (_, status, agentReplied) => {
    const ticket = zendesk.createTicket({ subject: 'Password', body: 'How do I reset my password?' });
    if (agentReplied) zendesk.addComment(ticket.id, { authorId: zendesk.agentId, body: 'Did the reset link work?', public: true });
    zendesk.setStatus(ticket.id, status as 'solved');
    await fire(ticket.id);
    const [decision] = await waitForDecisions(test, organizationId, ticket.id);
    expect(decision).toMatchObject({ outcome: 'skipped', reason: 'status_not_actionable', tagsApplied: [] });
    expect(notesOn(ticket.id)).toHaveLength(0);
    expect(zendesk.getTicket(ticket.id).tags).toEqual([]);
  });

  it('waits for the customer when the agent spoke last', async () => {
    const ticket = zendesk.createTicket({ subject: 'Password', body: 'How do I reset my password?' });
    zendesk.addComment(ticket.id, { authorId: zendesk.agentId, body: 'Use the Forgot password link.', public: true });
    await fire(ticket.id);
    expect((await waitForDecisions(test, organizationId, ticket.id))[0]).toMatchObject({ reason: 'awaiting_customer' });
  });

  it('never touches handoff tickets', async () => {
    const ticket = zendesk.createTicket({ subject: 'Password', body: 'How do I reset my password?', tags: ['opencx_handedoff'] });
    await fire(ticket.id);
    expect((await waitForDecisions(test, organizationId, ticket.id))[0]).toMatchObject({ reason: 'handoff_ticket' });
    expect(notesOn(ticket.id)).toHaveLength(0);
  });

  it('never touches tickets recorded by the handoff flow, even without the tag', async () => {
    const ticket = zendesk.createTicket({ subject: 'Password', body: 'How do I reset my password?' });
    const admin = request(test.baseUrl).post(`/admin/organizations/${organizationId}/handoffs`).set({ Authorization: `Bearer ${TEST_ADMIN_TOKEN}` });
    await admin.send({ ticketId: ticket.id }).expect(201);
    await fire(ticket.id);
    expect((await waitForDecisions(test, organizationId, ticket.id))[0]).toMatchObject({ reason: 'handoff_ticket' });
    expect(notesOn(ticket.id)).toHaveLength(0);
  });

  it('records a vanished ticket as failed once, without retrying', async () => {
    const ticket = zendesk.createTicket({ subject: 'Password', body: 'How do I reset my password?' });
    zendesk.deleteTicket(ticket.id);
    await fire(ticket.id);
    const [decision] = await waitForDecisions(test, organizationId, ticket.id);
    expect(decision).toMatchObject({ outcome: 'failed', reason: 'ticket_not_found' });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const fetches = zendesk.requests.filter((r) => r.method === 'GET' && r.path === `/api/v2/tickets/${ticket.id}.json`);
    expect(fetches).toHaveLength(1);
    expect(await waitForDecisions(test, organizationId, ticket.id)).toHaveLength(1);
  });

  it('retries a Zendesk outage with backoff, then records the failure and posts nothing', async () => {
    const ticket = zendesk.createTicket({ subject: 'Password', body: 'How do I reset my password?' });
    const path = `/api/v2/tickets/${ticket.id}/comments.json`;
    zendesk.failNext(1000, { status: 503, match: (_method, requestPath) => requestPath === path });
    await fire(ticket.id);
    const [decision] = await waitForDecisions(test, organizationId, ticket.id);
    expect(decision).toMatchObject({ outcome: 'failed', reason: 'zendesk_unavailable' });
    // JOB_RETRY_LIMIT=2 in tests: three job attempts in all.
    const fetches = zendesk.requests.filter((r) => r.method === 'GET' && r.path === `/api/v2/tickets/${ticket.id}.json`);
    expect(fetches).toHaveLength(3);
    expect(notesOn(ticket.id)).toHaveLength(0);
  });

  describe('with "respond only with potential answers"', () => {
    let strictOrganizationId: string;
    let strictWebhookUrl: string;

    beforeAll(async () => {
      ({ organizationId: strictOrganizationId, webhookUrl: strictWebhookUrl } = await setUpOrganization(test, zendesk, {
        respondOnlyWithPotentialAnswers: true,
      }));
    });

    it('tags and stays quiet when the knowledge base cannot source the answer', async () => {
      const ticket = zendesk.createTicket({ subject: 'Partnership', body: 'Do you sponsor amateur football clubs in Norway?' });
      await zendesk.fireWebhook(strictWebhookUrl, SIGNING_SECRET, { ticket_id: ticket.id });
      const [decision] = await waitForDecisions(test, strictOrganizationId, ticket.id);
      expect(decision).toMatchObject({ outcome: 'skipped', reason: 'not_helpful_answer', tagsApplied: [NOT_HELPFUL_ANSWER_TAG] });
      expect(zendesk.getTicket(ticket.id).tags).toContain(NOT_HELPFUL_ANSWER_TAG);
      expect(notesOn(ticket.id)).toHaveLength(0);
    });

    it('still suggests when it can', async () => {
      const ticket = zendesk.createTicket({ subject: 'Subscription', body: 'How do I cancel my subscription?' });
      await zendesk.fireWebhook(strictWebhookUrl, SIGNING_SECRET, { ticket_id: ticket.id });
      expect((await waitForDecisions(test, strictOrganizationId, ticket.id))[0]).toMatchObject({ outcome: 'suggested' });
      expect(notesOn(ticket.id)[0].html_body).toMatch(/Cancel plan/);
    });
  });

  it('stays quiet, and says so, while assist is disabled', async () => {
    await request(test.baseUrl)
      .patch(`/admin/organizations/${organizationId}/settings`)
      .set({ Authorization: `Bearer ${TEST_ADMIN_TOKEN}` })
      .send({ assistEnabled: false })
      .expect(200);
    const ticket = zendesk.createTicket({ subject: 'Password', body: 'How do I reset my password?' });
    await fire(ticket.id);
    expect((await waitForDecisions(test, organizationId, ticket.id))[0]).toMatchObject({ reason: 'assist_disabled' });
    expect(notesOn(ticket.id)).toHaveLength(0);
  });
});
