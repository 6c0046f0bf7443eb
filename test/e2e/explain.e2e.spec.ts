import request from 'supertest';
import { DataSource } from 'typeorm';
import { NO_ASSIST_TOPIC_TAG } from '../../src/modules/assist/domain/assist-policy';
import { AssistFixture, SIGNING_SECRET, startAssistFixture, waitForDecisions } from '../support/assist-fixture';
import { TestApp } from '../support/test-app';
import { ZendeskSimulator } from '../support/zendesk-simulator';

interface Story {
  organization: { id: string; name: string };
  ticketId: string;
  webhooks: { eventId: string | null; receivedAt: string; verdict: string; signatureTimestamp: string | null; coalescedInto: string | null }[];
  decisions: { eventId: string | null; outcome: string; reason: string; replay: boolean; commentId: string | null; tagsApplied: string[]; evidence: Record<string, any> }[];
  tagsApplied: string[];
  notes: {
    suggestionId: string;
    commentId: string;
    zendeskCommentId: string | null;
    postedAt: string | null;
    trainingLink: { url: string; verdict: string; expiresAt: string; onThisService: boolean } | null;
  }[];
}

// GET …/tickets/:id/explain over the real app: what a person troubleshooting a ticket reads.
describe('Ticket explain (real PostgreSQL, Zendesk simulator)', () => {
  let fixture: AssistFixture;
  let zendesk: ZendeskSimulator;
  let test: TestApp;
  let organizationId: string;
  let webhookUrl: string;
  let auth: Record<string, string>;

  beforeAll(async () => {
    fixture = await startAssistFixture();
    ({ zendesk, test, organizationId, webhookUrl, auth } = fixture);
  });

  afterAll(() => fixture?.close());

  const fire = (ticketId: number, opts: { timestamp?: string; signature?: string } = {}) =>
    zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(ticketId) }, opts);
  const explain = async (ticketId: number): Promise<Story> =>
    (await request(test.baseUrl).get(`/admin/organizations/${organizationId}/tickets/${ticketId}/explain`).set(auth).expect(200)).body;

  it('tells a suggestion and the duplicate redelivery after it: webhooks, evidence, the note and its training link', async () => {
    const ticket = zendesk.createTicket({ subject: 'Cannot log in', body: 'I forgot my password. How do I reset it?' });
    const customerCommentId = String(zendesk.getTicket(ticket.id).comments[0].id);
    await fire(ticket.id);
    await waitForDecisions(test, organizationId, ticket.id, 1);
    // Zendesk fires the trigger again for the update our own note made.
    await fire(ticket.id);
    await waitForDecisions(test, organizationId, ticket.id, 2);

    const story = await explain(ticket.id);

    expect(story.organization).toEqual({ id: organizationId, name: 'Acme' });
    expect(story.webhooks.map((w) => w.verdict)).toEqual(['valid', 'valid']);
    // Each decision is joined to the delivery that caused it, in the order they came.
    expect(story.decisions.map((d) => d.eventId)).toEqual(story.webhooks.map((w) => w.eventId));
    const [suggested, duplicate] = story.decisions;
    expect(suggested).toMatchObject({ outcome: 'suggested', reason: 'suggested', replay: false, commentId: customerCommentId });
    expect(suggested.evidence).toMatchObject({ status: 'open', latestPublicCommentId: customerCommentId, latestPublicCommentBy: 'end-user', draftSourced: true });
    expect(suggested.evidence.retrieval[0]).toMatchObject({ externalId: '101', score: expect.any(Number), coverage: expect.any(Number) });
    // Why it was sourced: the score against its threshold, and the signals it read.
    const { sourcing } = suggested.evidence;
    expect(sourcing).toMatchObject({ sourced: true, signals: { coverage: expect.any(Number), titleNamed: expect.any(Number) } });
    expect(sourcing.probability).toBeGreaterThanOrEqual(sourcing.threshold);
    expect(duplicate).toMatchObject({ outcome: 'skipped', reason: 'duplicate', commentId: customerCommentId });
    expect(story.tagsApplied).toEqual([]);

    const posted = zendesk.getTicket(ticket.id).comments.filter((c) => !c.public);
    expect(posted).toHaveLength(1);
    expect(story.notes).toEqual([
      expect.objectContaining({ commentId: customerCommentId, zendeskCommentId: String(posted[0].id), postedAt: expect.any(String) }),
    ]);
    const link = story.notes[0].trainingLink!;
    expect(link).toMatchObject({ verdict: 'valid', onThisService: true });
    expect(posted[0].html_body).toContain(`href="${link.url}"`);
    const daysLeft = (Date.parse(link.expiresAt) - Date.now()) / 86_400_000;
    expect(daysLeft).toBeGreaterThan(29);
  });

  it('shows deliveries refused for a bad, missing or stale signature, keeping no body', async () => {
    const ticket = zendesk.createTicket({ subject: 'Shipping', body: 'How long does shipping take?' });
    const hourAgo = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const secretInBody = 'card-number-4111111111111111';
    const forged = await zendesk.fireWebhook(webhookUrl, 'not-the-secret', { ticket_id: String(ticket.id), note: secretInBody });
    const unsigned = await fire(ticket.id, { signature: '' });
    const stale = await fire(ticket.id, { timestamp: hourAgo });
    expect([forged.status, unsigned.status, stale.status]).toEqual([401, 401, 401]);
    await fire(ticket.id);
    await waitForDecisions(test, organizationId, ticket.id, 1);

    const story = await explain(ticket.id);

    expect(story.webhooks.map((w) => [w.verdict, w.eventId === null])).toEqual([
      ['bad_signature', true],
      ['missing_signature', true],
      ['stale', true],
      ['valid', false],
    ]);
    expect(story.webhooks[2].signatureTimestamp).toBe(hourAgo);
    expect(story.decisions).toHaveLength(1);
    const stored: { row: string }[] = await test.app.get(DataSource).query(`SELECT row_to_json(r)::text AS row FROM webhook_rejections r`);
    expect(stored.length).toBeGreaterThanOrEqual(3);
    expect(stored.map((r) => r.row).join('\n')).not.toContain(secretInBody);
  });

  it('tells which redeliveries were coalesced into the delivery whose run read the ticket', async () => {
    const ticket = zendesk.createTicket({ subject: 'Cannot log in', body: 'I forgot my password. How do I reset it?' });
    await Promise.all([fire(ticket.id), fire(ticket.id), fire(ticket.id)]);
    await waitForDecisions(test, organizationId, ticket.id, 3);

    const story = await explain(ticket.id);

    const suggested = story.decisions.find((d) => d.outcome === 'suggested')!;
    const others = story.webhooks.filter((w) => w.eventId !== suggested.eventId);
    // Each either joined the waiting job (never reading Zendesk) or read the ticket and found the comment claimed.
    for (const delivery of others) {
      const decision = story.decisions.find((d) => d.eventId === delivery.eventId)!;
      if (delivery.coalescedInto) expect(decision).toMatchObject({ reason: 'duplicate', evidence: { coalescedInto: delivery.coalescedInto } });
      else expect(decision).toMatchObject({ reason: 'duplicate' });
    }
    expect(others.some((w) => w.coalescedInto !== null)).toBe(true);
    expect(story.webhooks.find((w) => w.eventId === suggested.eventId)!.coalescedInto).toBeNull();
  });

  it('explains a quiet decision: the topic matched and why, and the tag applied', async () => {
    const ticket = zendesk.createTicket({ subject: 'Complaint', body: 'My lawyer will file a lawsuit about my password.' });
    await fire(ticket.id);
    await waitForDecisions(test, organizationId, ticket.id, 1);

    const story = await explain(ticket.id);

    expect(story.decisions).toEqual([
      expect.objectContaining({ outcome: 'skipped', reason: 'no_assist_topic', tagsApplied: [NO_ASSIST_TOPIC_TAG] }),
    ]);
    expect(story.decisions[0].evidence.topics).toEqual([{ name: 'Legal', noAssist: true, because: 'keyword:lawsuit' }]);
    expect(story.decisions[0].evidence).toMatchObject({ status: 'open' });
    expect(story.tagsApplied).toEqual([NO_ASSIST_TOPIC_TAG]);
    expect(story.notes).toEqual([]);
  });

  it("explains a suggestion's topics and why: by name for a topic without keywords, as the decisions endpoint says", async () => {
    await request(test.baseUrl).post(`/admin/organizations/${organizationId}/topics`).set(auth).send({ name: 'Parcel', description: 'Deliveries', noAssist: false }).expect(201);
    const ticket = zendesk.createTicket({ subject: 'Tracking', body: 'Where is my parcel? I need the tracking number for my order.' });
    await fire(ticket.id);
    const [decision] = await waitForDecisions(test, organizationId, ticket.id, 1);

    const story = await explain(ticket.id);

    expect(decision.evidence.topics).toEqual([{ name: 'Parcel', noAssist: false, because: 'name:Parcel' }]);
    expect(story.decisions).toEqual([expect.objectContaining({ outcome: 'suggested', evidence: expect.objectContaining({ topics: decision.evidence.topics }) })]);
  });

  it('answers 404 for an unknown organization and 401 without credentials', async () => {
    await request(test.baseUrl).get('/admin/organizations/00000000-0000-4000-8000-000000000000/tickets/1/explain').set(auth).expect(404);
    await request(test.baseUrl).get(`/admin/organizations/${organizationId}/tickets/1/explain`).expect(401);
  });
});
