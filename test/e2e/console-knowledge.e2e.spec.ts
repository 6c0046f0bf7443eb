import request from 'supertest';
import { AssistFixture, startAssistFixture } from '../support/assist-fixture';
import { anotherOrganizationWithKey, consoleSignIn, csrfOf } from '../support/console-http';
import { TEST_ADMIN_TOKEN } from '../support/test-app';

interface Progress {
  id: string;
  status: string;
  pages: number;
  counts: Record<string, number>;
  badArticles: number;
  text: string;
  finished: boolean;
}

// The console's Knowledge screen over HTTP: the counts, Sync now through the admin API's SyncRunsService and
// queue against the Zendesk simulator, the progress endpoint the page's script polls, and the training answers
// through the admin API's DTOs and TrainingAnswersService.
describe('the console Knowledge screen at /console/organizations/:id/knowledge (real PostgreSQL, Zendesk simulator)', () => {
  let fixture: AssistFixture;
  let other: string;
  let otherKey: string;
  const operator = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  const base = () => `/console/organizations/${fixture.organizationId}/knowledge`;
  const admin = () => `/admin/organizations/${fixture.organizationId}`;

  beforeAll(async () => {
    // A sync writes nothing to Zendesk.
    fixture = await startAssistFixture({ checkZendeskWrites: false });
    ({ id: other, token: otherKey } = await anotherOrganizationWithKey(fixture.test.baseUrl));
  });
  afterAll(() => fixture?.close());

  const runsOf = async () => (await request(fixture.test.baseUrl).get(`${admin()}/help-center/sync`).set(operator).expect(200)).body.items as { id: string; status: string; trigger: string }[];
  const answersOf = async () => (await request(fixture.test.baseUrl).get(`${admin()}/training-answers`).set(operator).expect(200)).body.items as { id: string; question: string; answer: string; createdBy: string }[];

  const signedIn = (token = TEST_ADMIN_TOKEN) => consoleSignIn(fixture.test.baseUrl, token);

  async function progressUntil(agent: ReturnType<typeof request.agent>, runId: string, done: (progress: Progress) => boolean): Promise<Progress> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { body } = await agent.get(`${base()}/syncs/${runId}/progress`).expect(200).expect('Content-Type', /json/);
      if (done(body)) return body;
      if (Date.now() > deadline) throw new Error(`Sync ${runId}: ${JSON.stringify(body)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('shows the articles by source and locale, linked from the organization page', async () => {
    await request(fixture.test.baseUrl)
      .post(`${admin()}/knowledge/articles`)
      .set(operator)
      .send({ articles: [{ externalId: 'fr-1', title: 'Expédition', body: '<p>Nous expédions en deux jours.</p>', url: 'https://help.acme.test/fr/1', locale: 'fr' }] })
      .expect(200);
    const agent = await signedIn();
    const organization = await agent.get(`/console/organizations/${fixture.organizationId}`).expect(200);
    expect(organization.text).toContain(`href="${base()}"`);
    const page = await agent.get(base()).expect(200);
    expect(page.text).not.toMatch(/<script>|<style|style=|http-equiv/);
    expect(page.text).toContain('<script src="/assets/sync-progress.js" defer></script>');
    // The fixture's three English articles and the French one, all uploaded; no sync yet.
    expect(page.text).toMatch(/<th scope="row">Help Center \(synced\) articles<\/th><td>0<\/td>/);
    expect(page.text).toMatch(/<th scope="row">Uploaded through the admin API articles<\/th><td>4<\/td>/);
    expect(page.text).toMatch(/Training answers<\/a> \(written by reps\)<\/th><td>0<\/td>/);
    expect(page.text).toContain('Solved tickets (past answers, personal data removed) <span class="muted">off in the settings</span></th><td>0</td>');
    expect(page.text).toMatch(/<th scope="row"><code>en-us<\/code><\/th><td>0<\/td><td>3<\/td><td>3<\/td>/);
    expect(page.text).toMatch(/<th scope="row"><code>fr<\/code><\/th><td>0<\/td><td>1<\/td><td>1<\/td>/);
    expect(page.text).toContain('No sync yet.');
    expect(page.text).toContain('<p id="sync-progress" aria-live="polite">No sync is running.</p>');
  });

  it('syncs now through the queue, reports the progress to the end, queues one more while running and refuses a third', async () => {
    fixture.zendesk.addArticle({ title: 'Passwort zurücksetzen', body: '<p>Klicken Sie auf Passwort vergessen.</p>', locale: 'de' });
    fixture.zendesk.addArticle({ title: 'Reset your password', body: '<p>Click Forgot password on the sign-in page.</p>' });
    fixture.zendesk.addArticle({ title: 'Returns', body: '<p>Send it back within 30 days.</p>' });
    const empty = fixture.zendesk.addArticle({ title: 'Empty', body: '<p> </p>' });
    // Locales go in order: German first, then English, held until the test lets it through.
    const english = fixture.zendesk.holdNext((method, path) => path === '/api/v2/help_center/en-us/articles.json');
    const agent = await signedIn();
    const page = await agent.get(base()).expect(200);

    const started = await agent.post(`${base()}/sync`).type('form').send({ _csrf: csrfOf(page.text) }).expect(303);
    const [run] = await runsOf();
    expect(run).toMatchObject({ trigger: 'console' });
    expect(started.headers.location).toBe(`${base()}?done=started&run=${run.id}`);
    await english.arrived;
    const running = await progressUntil(agent, run.id, (progress) => progress.pages === 1);
    expect(running).toMatchObject({ status: 'running', finished: false, counts: expect.objectContaining({ fetched: 1, added: 1 }) });
    expect(running.text).toBe('Sync running (full): 1 page read, 1 article fetched (1 added, 0 updated, 0 removed) so far.');

    // Without a script, a reload shows where it stands.
    const reloaded = await agent.get(started.headers.location).expect(200);
    expect(reloaded.text).toContain('Sync started.');
    expect(reloaded.text).toContain(`<p id="sync-progress" aria-live="polite" data-progress="${base()}/syncs/${run.id}/progress">${running.text}</p>`);

    const second = await agent.post(`${base()}/sync`).type('form').send({ _csrf: csrfOf(reloaded.text) }).expect(303);
    const queued = (await runsOf()).find((r) => r.status === 'queued')!;
    expect(second.headers.location).toBe(`${base()}?done=queued&run=${queued.id}`);
    const third = await agent.post(`${base()}/sync`).type('form').send({ _csrf: csrfOf(reloaded.text) }).expect(303);
    expect(third.headers.location).toBe(`${base()}?done=waiting&run=${queued.id}`);
    const refused = await agent.get(third.headers.location).expect(200);
    expect(refused.text).toMatch(/<div class="notice error" role="alert">Not queued: a sync is already waiting to start/);
    expect(await runsOf()).toHaveLength(2);

    english.release();
    const finished = await progressUntil(agent, run.id, (progress) => progress.finished);
    expect(finished).toMatchObject({ status: 'succeeded', pages: 2, badArticles: 1, counts: expect.objectContaining({ fetched: 4, added: 3, skipped: 1 }) });
    expect(finished.text).toMatch(/^Sync succeeded in \d+\.\d s: 2 pages read, 4 articles fetched \(3 added, 0 updated, 0 removed\), 1 bad article\.$/);
    await progressUntil(agent, queued.id, (progress) => progress.finished);

    const after = await agent.get(base()).expect(200);
    expect(after.text).toMatch(/<th scope="row">Help Center \(synced\) articles<\/th><td>3<\/td>/);
    expect(after.text).toMatch(/<th scope="row"><code>de<\/code><\/th><td>1<\/td><td>0<\/td><td>1<\/td>/);
    expect(after.text).toMatch(/<th scope="row"><code>en-us<\/code><\/th><td>2<\/td><td>3<\/td><td>5<\/td>/);
    expect(after.text).toContain(`href="${base()}/syncs/${run.id}"`);
    expect(after.text).toMatch(/<td>console<\/td><td>succeeded <span class="muted">\(full\)<\/span><\/td>/);
    // Nothing running: nothing for the script to follow.
    expect(after.text).not.toContain('data-progress=');

    const detail = await agent.get(`${base()}/syncs/${run.id}`).expect(200);
    expect(detail.text).toContain('<dt>Pages read</dt><dd>2</dd>');
    expect(detail.text).toContain('<dt>Articles fetched</dt><dd>4</dd>');
    expect(detail.text).toMatch(new RegExp(`<td><code>${empty.id}</code></td><td><code>en-us</code></td><td>no text: skipped <span class="muted">\\(<code>empty_body</code>\\)</span>`));
  });

  it('refuses a sync without the form token, and answers 404 for an unknown or malformed sync', async () => {
    const agent = await signedIn();
    const before = (await runsOf()).length;
    await agent.post(`${base()}/sync`).type('form').send({}).expect(403);
    await agent.post(`${base()}/sync`).type('form').send({ _csrf: 'forged' }).expect(403);
    expect(await runsOf()).toHaveLength(before);
    await agent.get(`${base()}/syncs/00000000-0000-4000-8000-000000000000`).expect(404);
    await agent.get(`${base()}/syncs/00000000-0000-4000-8000-000000000000/progress`).expect(404);
    await agent.get(`${base()}/syncs/nope`).expect(404);
    // No session: the sign-in form, not the figures.
    await request(fixture.test.baseUrl).get(`${base()}/syncs/00000000-0000-4000-8000-000000000000/progress`).expect(303).expect('Location', '/console');
  });

  it('lists, creates, edits and deletes training answers with the admin API\'s checks', async () => {
    await request(fixture.test.baseUrl).post(`${admin()}/training-answers`).set(operator).send({ question: 'Where is my parcel?', answer: 'Track it from the email we sent.' }).expect(201);
    const agent = await signedIn();
    const form = await agent.get(`${base()}/training-answers/new`).expect(200);
    const created = await agent
      .post(`${base()}/training-answers`)
      .type('form')
      .send({ _csrf: csrfOf(form.text), question: '  Can I pay by invoice? ', answer: 'Yes, for yearly plans.' })
      .expect(303);
    expect(created.headers.location).toBe(`${base()}/training-answers?done=created`);
    const [invoice, parcel] = await answersOf();
    expect(invoice).toMatchObject({ question: 'Can I pay by invoice?', answer: 'Yes, for yearly plans.', createdBy: 'operator' });

    const list = await agent.get(created.headers.location).expect(200);
    expect(list.text).toContain('The training answer is created');
    expect(list.text).toContain(`<a href="${base()}/training-answers/${invoice.id}">Can I pay by invoice?</a>`);
    // Paginated like the admin API: `limit` and the cursor of an "older" link.
    const first = await agent.get(`${base()}/training-answers?limit=1`).expect(200);
    const older = /href="([^"]+)">Older answers</.exec(first.text)![1];
    const next = await agent.get(older.replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)))).expect(200);
    expect(next.text).toContain(`href="${base()}/training-answers/${parcel.id}"`);
    expect(next.text).not.toContain(`href="${base()}/training-answers/${invoice.id}"`);
    await agent.get(`${base()}/training-answers?cursor=forged`).expect(400);
    expect((await agent.get(base()).expect(200)).text).toMatch(/Training answers<\/a> \(written by reps\)<\/th><td>2<\/td>/);

    const edit = await agent.get(`${base()}/training-answers/${invoice.id}`).expect(200);
    expect(edit.text).toContain('Can I pay by invoice?</textarea>');
    const saved = await agent
      .post(`${base()}/training-answers/${invoice.id}`)
      .type('form')
      .send({ _csrf: csrfOf(edit.text), question: 'Can I pay by bank transfer?', answer: 'Yes, on yearly plans.' })
      .expect(303);
    expect(saved.headers.location).toBe(`${base()}/training-answers/${invoice.id}?done=saved`);
    expect((await answersOf()).find((a) => a.id === invoice.id)).toMatchObject({ question: 'Can I pay by bank transfer?', answer: 'Yes, on yearly plans.' });

    const refused = await agent
      .post(`${base()}/training-answers/${invoice.id}`)
      .type('form')
      .send({ _csrf: csrfOf(edit.text), question: '   ', answer: 'Kept <answer>' })
      .expect(400);
    expect(refused.text).toContain('Nothing was saved');
    expect(refused.text).toMatch(/id="question"[^>]*aria-invalid="true" aria-describedby="question-error"/);
    expect(refused.text).toContain('id="question-error"');
    expect(refused.text).toContain('Kept &#60;answer&#62;</textarea>');
    expect((await answersOf()).find((a) => a.id === invoice.id)).toMatchObject({ question: 'Can I pay by bank transfer?' });
    await agent.post(`${base()}/training-answers/${invoice.id}`).type('form').send({ question: 'Forged', answer: 'Forged' }).expect(403);
    await agent.post(`${base()}/training-answers`).type('form').send({ _csrf: csrfOf(edit.text), question: 'x'.repeat(5001), answer: 'Too long' }).expect(400);

    const confirm = await agent.get(`${base()}/training-answers/${invoice.id}/delete`).expect(200);
    expect(confirm.text).toContain('Delete this training answer?');
    await agent.post(`${base()}/training-answers/${invoice.id}/delete`).type('form').send({}).expect(403);
    expect(await answersOf()).toHaveLength(2);
    await agent.post(`${base()}/training-answers/${invoice.id}/delete`).type('form').send({ _csrf: csrfOf(confirm.text) }).expect(303).expect('Location', `${base()}/training-answers?done=deleted`);
    expect((await answersOf()).map((a) => a.id)).toEqual([parcel.id]);
    await agent.get(`${base()}/training-answers/${invoice.id}`).expect(404);
    await agent.get(`${base()}/training-answers/nope`).expect(404);
  });

  it('answers another organization\'s key with 404 on every page, post and progress read, changing nothing', async () => {
    const [run] = await runsOf();
    const [answer] = await answersOf();
    const agent = await signedIn(otherKey);
    const own = await agent.get(`/console/organizations/${other}/knowledge`).expect(200);
    const csrf = csrfOf(own.text);
    const runs = (await runsOf()).length;
    await agent.get(base()).expect(404);
    await agent.post(`${base()}/sync`).type('form').send({ _csrf: csrf }).expect(404);
    await agent.get(`${base()}/syncs/${run.id}`).expect(404);
    await agent.get(`${base()}/syncs/${run.id}/progress`).expect(404);
    await agent.get(`/console/organizations/${other}/knowledge/syncs/${run.id}/progress`).expect(404);
    await agent.get(`${base()}/training-answers`).expect(404);
    await agent.get(`${base()}/training-answers/${answer.id}`).expect(404);
    await agent.post(`${base()}/training-answers/${answer.id}`).type('form').send({ _csrf: csrf, question: 'Stolen', answer: 'Stolen' }).expect(404);
    await agent.post(`${base()}/training-answers/${answer.id}/delete`).type('form').send({ _csrf: csrf }).expect(404);
    await agent.get(`/console/organizations/${other}/knowledge/training-answers/${answer.id}`).expect(404);
    expect(await runsOf()).toHaveLength(runs);
    expect(await answersOf()).toEqual([expect.objectContaining({ id: answer.id, question: answer.question })]);
  });
});
