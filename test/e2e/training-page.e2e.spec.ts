import request from 'supertest';
import { signTrainingToken } from '../../src/modules/assist/domain/training-link';
import { AssistFixture, PublishedByRep, startAssistFixture } from '../support/assist-fixture';
import { TestApp } from '../support/test-app';
import { openTrainingPage, trainingPathInNote } from '../support/training-page';
import { ZendeskSimulator } from '../support/zendesk-simulator';

describe('The training page: what Assist did, and the rep\'s fixes (real PostgreSQL, Zendesk simulator)', () => {
  let fixture: AssistFixture;
  let zendesk: ZendeskSimulator;
  let test: TestApp;
  let organizationId: string;
  let auth: Record<string, string>;
  const topicIds: Record<string, string> = {};
  const publishedByReps: PublishedByRep[] = [];
  const admin = () => request(test.baseUrl);

  beforeAll(async () => {
    fixture = await startAssistFixture({ publishedByReps });
    ({ zendesk, test, organizationId, auth } = fixture);
    for (const topic of [
      { name: 'Passwords', description: 'Signing in and passwords', keywords: ['password'], noAssist: false },
      { name: 'Billing', description: 'Invoices and payments', keywords: ['invoice'], noAssist: false },
    ]) {
      topicIds[topic.name] = (await admin().post(`/admin/organizations/${organizationId}/topics`).set(auth).send(topic).expect(201)).body.id;
    }
  });

  afterAll(() => fixture?.close());

  const suggest = async (subject: string, body: string) => {
    const { ticket, decision, note } = await fixture.ask(subject, body);
    return { ticket, decision, path: decision.suggestionId ? trainingPathInNote(note!.html_body, decision.suggestionId) : '' };
  };

  it('shows the question as read, the draft, the sources with their passage highlighted and the topics with why; escaped, CSP-protected', async () => {
    const { path } = await suggest('Password <script>alert(1)</script>', 'I forgot my password. How do I reset it? <img src=x onerror=alert(2)>');

    const page = await admin().get(path).expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toEqual(expect.stringContaining("default-src 'none'"));
    expect(page.headers['content-security-policy']).toEqual(expect.stringContaining("frame-ancestors 'none'"));
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('I forgot my password. How do I reset it? &#60;img src=x onerror=alert(2)&#62;');
    expect(page.text).not.toMatch(/<script>alert|<img src=x/);
    expect(page.text).toContain('How to reset your password');
    expect(page.text).toMatch(/<mark>[^<]*[Pp]assword[^<]*<\/mark>/);
    expect(page.text).toMatch(/Passwords<\/span> because keyword:password/);
    expect(page.text).toContain('<label for="answer-answer">The right answer</label>');
  });

  it('answers a tampered, expired or unknown link with a clear page, never a stack trace', async () => {
    const { decision, path } = await suggest('Tracking', 'Where is my parcel? I need the tracking number for my order.');
    const id = decision.suggestionId!;

    const tampered = await admin().get(path.replace(/token=\d+\./, 'token=9999999999.')).expect(403);
    expect(tampered.text).toContain('This training link is not valid');
    const expiredToken = signTrainingToken(test.config.secretsKey, id, new Date(Date.now() - 1000));
    const expired = await admin().get(`/training/${id}?token=${expiredToken}`).expect(410);
    expect(expired.text).toContain('This training link has expired: links last 30 days');
    const unknown = '00000000-0000-4000-8000-000000000000';
    const gone = await admin().get(`/training/${unknown}?token=${signTrainingToken(test.config.secretsKey, unknown, new Date(Date.now() + 60_000))}`).expect(404);
    expect(gone.text).toContain('This suggestion no longer exists');
    const malformed = await admin().get('/training/not-a-suggestion?token=x').expect(403);
    for (const response of [tampered, expired, gone, malformed]) {
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).not.toMatch(/at \w+ \(|Error:/);
    }
  });

  it('refuses a post without the page\'s CSRF token, and an invalid form, keeping what the rep typed', async () => {
    const { decision, path } = await suggest('Invoice copy', 'Can I get a copy of my invoice for March?');
    const [, query] = path.split('?');

    const forged = await admin().post(`/training/${decision.suggestionId}/answer?${query}`).type('form').send({ question: 'q', answer: 'Forged answer text' }).expect(403);
    expect(forged.text).toContain('This form did not come from this page');
    expect(forged.text).toContain('Forged answer text');

    const { agent, csrf } = await openTrainingPage(test.baseUrl, path);
    const wrongToken = await agent.post(`/training/${decision.suggestionId}/answer?${query}`).type('form').send({ _csrf: `${csrf}x`, question: 'q', answer: 'a' }).expect(403);
    expect(wrongToken.text).toContain('Nothing was saved');

    const invalid = await agent.post(`/training/${decision.suggestionId}/answer?${query}`).type('form').send({ _csrf: csrf, question: 'My own wording of it', answer: '   ' }).expect(400);
    expect(invalid.text).toContain('The answer must not be empty');
    expect(invalid.text).toContain('My own wording of it');

    const answers = await admin().get(`/admin/organizations/${organizationId}/training-answers`).set(auth).expect(200);
    expect(answers.body.items).toEqual([]);
  });

  it('rates the draft and saves a corrected answer tied to its suggestion, shown in the page\'s history', async () => {
    const { ticket, decision, path } = await suggest('PDF invoices', 'How can I download my invoices as PDF files?');
    const id = decision.suggestionId!;
    const [, query] = path.split('?');
    const { agent, csrf } = await openTrainingPage(test.baseUrl, path);

    const rated = await agent.post(`/training/${id}/rating?${query}`).type('form').send({ _csrf: csrf, rating: 'needs_work', comment: 'Missing the <PDF> part' }).expect(303);
    expect(rated.headers.location).toBe(`/training/${id}?${query}&done=rated`);
    const answered = await agent
      .post(`/training/${id}/answer?${query}`)
      .type('form')
      .send({ _csrf: csrf, question: 'How can I download my invoices as PDF files?', answer: 'Open Billing, then Invoices, and click Download PDF next to each invoice.' })
      .expect(303);

    const page = await agent.get(answered.headers.location).expect(200);
    expect(page.text).toContain('Your answer is saved');
    expect(page.text).toContain('rated the draft <strong>needs work</strong>: “Missing the &#60;PDF&#62; part”');
    expect(page.text).toContain('saved a corrected answer');
    // The page offers the saved answer for editing; correcting it again replaces it, one answer per suggestion.
    expect(page.text).toContain('click Download PDF next to each invoice.</textarea>');
    await agent
      .post(`/training/${id}/answer?${query}`)
      .type('form')
      .send({ _csrf: csrf, question: 'How can I download my invoices as PDF files?', answer: 'Open Billing, then Invoices, and click Download PDF (all invoices: Download all).' })
      .expect(303);
    expect((await agent.get(path).expect(200)).text).toContain('replaced the corrected answer');
    const answers = await admin().get(`/admin/organizations/${organizationId}/training-answers`).set(auth).expect(200);
    expect(answers.body.items).toEqual([expect.objectContaining({ suggestionId: id, createdBy: 'training page', answer: expect.stringContaining('Download all') })]);

    // Admins see the same history in the insights, the ticket's story and over GraphQL.
    const insights = await admin().get(`/admin/organizations/${organizationId}/insights`).set(auth).expect(200);
    expect(insights.body.training).toEqual({ ratedGood: 0, ratedNeedsWork: 1, answersCorrected: 2, articlesFixed: 0, topicsFixed: 0 });
    const story = await admin().get(`/admin/organizations/${organizationId}/tickets/${ticket.id}/explain`).set(auth).expect(200);
    expect(story.body.notes[0].training.map((action: { kind: string }) => action.kind)).toEqual(['rated', 'answer_corrected', 'answer_corrected']);
    const graphql = await admin()
      .post('/graphql')
      .set(auth)
      .send({ query: `query ($org: ID!, $ticket: String!) { suggestions(organizationId: $org, ticketId: $ticket) { trainingActions { kind rating comment details } } }`, variables: { org: organizationId, ticket: String(ticket.id) } })
      .expect(200);
    expect(graphql.body.data.suggestions[0].trainingActions).toEqual([
      { kind: 'rated', rating: 'needs_work', comment: 'Missing the <PDF> part', details: {} },
      { kind: 'answer_corrected', rating: null, comment: null, details: { trainingAnswerId: answers.body.items[0].id } },
      { kind: 'answer_corrected', rating: null, comment: null, details: { trainingAnswerId: answers.body.items[0].id, replaced: 'yes' } },
    ]);
  });

  it('reassigns the ticket\'s topic in the reports, teaches a topic with the ticket, and marks a topic no-assist', async () => {
    const { decision, path } = await suggest('Login trouble', 'My password does not work anymore, what now?');
    const id = decision.suggestionId!;
    const [, query] = path.split('?');
    const { agent, csrf } = await openTrainingPage(test.baseUrl, path);
    const fix = (body: Record<string, string>) => agent.post(`/training/${id}/topic?${query}`).type('form').send({ _csrf: csrf, ...body });

    const totalsByTopic = async () => {
      const report = await admin().get(`/admin/organizations/${organizationId}/suggestions/acceptance`).set(auth).expect(200);
      return Object.fromEntries(report.body.topics.map((t: { topic: string; counts: { total: number } }) => [t.topic, t.counts.total]));
    };
    const before = await totalsByTopic();
    await fix({ fix: 'reassign', topicId: topicIds.Billing }).expect(303);
    const after = await totalsByTopic();
    expect(after).toEqual({ ...before, Billing: (before.Billing ?? 0) + 1, Passwords: before.Passwords - 1 });

    await fix({ fix: 'add_example', topicId: topicIds.Billing }).expect(303);
    const billingTopic = await admin().get(`/admin/organizations/${organizationId}/topics/${topicIds.Billing}`).set(auth).expect(200);
    expect(billingTopic.body.examples).toEqual([expect.stringContaining('My password does not work anymore')]);

    await fix({ fix: 'mark_no_assist', topicId: 'not-a-topic' }).expect(400);
    await fix({ fix: 'mark_no_assist', topicId: topicIds.Passwords }).expect(303);
    const next = await suggest('Password again', 'I need a new password please');
    expect(next.decision).toMatchObject({ outcome: 'skipped', tagsApplied: ['opencx_skipped_assist_mode_because_of_the_topic_in_no_assist_list'] });

    const page = await agent.get(`/training/${id}?${query}`).expect(200);
    expect(page.text).toContain('A rep reassigned this ticket to <span class="tag">Billing</span>');
    expect(page.text).toContain('added the ticket as an example of Billing');
    expect(page.text).toContain('marked Passwords no-assist');
  });

  it('fixes a cited Help Center article: refused while write-back is off, then published to Guide and used at once', async () => {
    const article = zendesk.addArticle({ title: 'Export your data', body: '<p>Go to Settings, Data, and click Export to CSV.</p>' });
    const { body: run } = await admin().post(`/admin/organizations/${organizationId}/help-center/sync`).set(auth).expect(202);
    for (let status = ''; status !== 'succeeded'; ) {
      status = (await admin().get(`/admin/organizations/${organizationId}/help-center/sync/${run.id}`).set(auth).expect(200)).body.status;
      expect(status).not.toBe('failed');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const { decision, path } = await suggest('Data export', 'How do I export my data to CSV?');
    const id = decision.suggestionId!;
    const [, query] = path.split('?');
    const { agent, page, csrf } = await openTrainingPage(test.baseUrl, path);
    expect(page.text).toMatch(new RegExp(`href="[^"]*/knowledge/articles/${article.id}/en-us"[^>]*>Edit “Export your data” in Zendesk Guide`));
    expect(page.text).toContain('Publishing from this page is off');
    const synced = await admin().get(`/admin/organizations/${organizationId}/knowledge/articles?source=help_center`).set(auth).expect(200);
    const articleId: string = synced.body.items.find((a: { externalId: string }) => a.externalId === String(article.id)).id;
    const fix = { title: 'Export your data', body: '<p>Go to Settings, Privacy, and click Download my data: CSV or JSON.</p>' };
    const publish = (fields: Record<string, string>) => agent.post(`/training/${id}/article?${query}`).type('form').send({ _csrf: csrf, ...fields });

    const refused = await publish({ articleId, ...fix }).expect(409);
    expect(refused.text).toContain('Nothing was saved');
    expect(refused.text).toContain('Download my data: CSV or JSON');
    expect(zendesk.writes().filter((write) => write.path.includes('/help_center/'))).toEqual([]);

    await admin().patch(`/admin/organizations/${organizationId}/settings`).set(auth).send({ guideWriteBack: true }).expect(200);
    const editable = await agent.get(path).expect(200);
    expect(editable.text).toContain('&#60;p&#62;Go to Settings, Data, and click Export to CSV.&#60;/p&#62;</textarea>');
    await publish({ articleId: '00000000-0000-4000-8000-000000000000', ...fix }).expect(400);
    zendesk.denyArticleWrites();
    const forbidden = await publish({ articleId, ...fix }).expect(502);
    expect(forbidden.text).toContain('Download my data: CSV or JSON.&#60;/p&#62;</textarea>');
    expect(zendesk.getArticle(article.id, 'en-us').body).toBe('<p>Go to Settings, Data, and click Export to CSV.</p>');
    zendesk.denyArticleWrites(false);
    await publish({ articleId, ...fix }).expect(303);
    publishedByReps.push({ path: `/api/v2/help_center/articles/${article.id}/translations/en-us.json`, ...fix });

    expect(zendesk.getArticle(article.id, 'en-us').body).toBe(fix.body);
    const history = await agent.get(path).expect(200);
    expect(history.text).toContain('published a fix of “Export your data” to Zendesk Guide');
    const next = await suggest('JSON export', 'Can I download my data as JSON?');
    expect(zendesk.getTicket(next.ticket.id).comments.find((c) => !c.public)!.html_body).toContain('Download my data');
  });
});
