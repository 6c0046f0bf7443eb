import request from 'supertest';
import { DataSource } from 'typeorm';
import { TEST_ADMIN_TOKEN } from '../support/test-app';
import { AssistFixture, startAssistFixture } from '../support/assist-fixture';

// The console's Topics screen over HTTP: the forms go through the admin API's DTOs and TopicsService, the trial
// and the tester answer on the page and save nothing.
describe('the console Topics screen at /console/organizations/:id/topics (real PostgreSQL)', () => {
  let fixture: AssistFixture;
  let db: DataSource;
  let other: string;
  let otherKey: string;
  const operator = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
  const base = () => `/console/organizations/${fixture.organizationId}/topics`;

  beforeAll(async () => {
    fixture = await startAssistFixture();
    db = fixture.test.app.get(DataSource);
    await fixture.ask('Money back', 'I would like a refund for my last order');
    await fixture.ask('My card', 'there is a charge on my card I never made');
    await fixture.ask('Complaint', 'My lawyer is preparing a lawsuit');
    other = (
      await request(fixture.test.baseUrl)
        .post('/admin/organizations')
        .set(operator)
        .send({ name: 'Other', zendesk: { subdomain: 'other', email: 'a@other.test', apiToken: 'zendesk-token-secret' }, webhookSigningSecret: 'webhook-signing-secret-0123456789' })
        .expect(201)
    ).body.id;
    otherKey = (await request(fixture.test.baseUrl).post(`/admin/organizations/${other}/api-keys`).set(operator).send({ name: 'console' }).expect(201)).body.token;
  });
  afterAll(() => fixture?.close());

  const csrfOf = (text: string) => /name="_csrf" value="([^"]+)"/.exec(text)![1];
  const topicsOf = async () => (await request(fixture.test.baseUrl).get(`/admin/organizations/${fixture.organizationId}/topics`).set(operator).expect(200)).body as { id: string; name: string; keywords: string[]; examples: string[]; zendeskTags: string[]; noAssist: boolean; description: string }[];

  async function signedIn(token = TEST_ADMIN_TOKEN) {
    const agent = request.agent(fixture.test.baseUrl);
    const form = await agent.get('/console').expect(200);
    await agent.post('/console/sign-in').type('form').send({ _csrf: csrfOf(form.text), token }).expect(303);
    return agent;
  }

  it('creates a topic from the form with the admin API\'s checks, lists it, edits it, and deletes it after a confirmation', async () => {
    const agent = await signedIn();
    const organization = await agent.get(`/console/organizations/${fixture.organizationId}`).expect(200);
    expect(organization.text).toContain(`href="${base()}"`);
    const form = await agent.get(`${base()}/new`).expect(200);
    expect(form.text).not.toMatch(/<script|<style|style=/);
    const created = await agent
      .post(base())
      .type('form')
      .send({ _csrf: csrfOf(form.text), intent: 'save', name: 'Courts', description: 'Courts and hearings', keywords: 'court\n  hearing \n\n', examples: 'My hearing is next week', zendeskTags: 'legal, escalated', noAssist: 'on' })
      .expect(303);
    expect(created.headers.location).toBe(`${base()}?done=created`);
    const [legal] = (await topicsOf()).filter((topic) => topic.name === 'Courts');
    expect(legal).toMatchObject({ description: 'Courts and hearings', keywords: ['court', 'hearing'], examples: ['My hearing is next week'], zendeskTags: ['legal', 'escalated'], noAssist: true });

    const list = await agent.get(`${base()}?done=created`).expect(200);
    expect(list.text).toContain('The topic is created');
    expect(list.text).toContain(`href="${base()}/${legal.id}"`);
    expect(list.text).toContain('court, hearing');

    const edit = await agent.get(`${base()}/${legal.id}`).expect(200);
    expect(edit.text).toContain('court\nhearing</textarea>');
    const saved = await agent
      .post(`${base()}/${legal.id}`)
      .type('form')
      .send({ _csrf: csrfOf(edit.text), intent: 'save', name: 'Court matters', description: 'Courts', keywords: 'court', examples: '', zendeskTags: '' })
      .expect(303);
    expect(saved.headers.location).toBe(`${base()}/${legal.id}?done=saved`);
    expect((await topicsOf()).find((topic) => topic.id === legal.id)).toMatchObject({ name: 'Court matters', keywords: ['court'], examples: [], zendeskTags: [], noAssist: false });

    const confirm = await agent.get(`${base()}/${legal.id}/delete`).expect(200);
    expect(confirm.text).toContain('Delete the topic Court matters?');
    await agent.post(`${base()}/${legal.id}/delete`).type('form').send({}).expect(403);
    expect((await topicsOf()).some((topic) => topic.id === legal.id)).toBe(true);
    await agent.post(`${base()}/${legal.id}/delete`).type('form').send({ _csrf: csrfOf(confirm.text) }).expect(303).expect('Location', `${base()}?done=deleted`);
    expect((await topicsOf()).some((topic) => topic.id === legal.id)).toBe(false);
    await agent.get(`${base()}/${legal.id}`).expect(404);
  });

  it('refuses an invalid topic with the problems next to the fields and the input kept, saving nothing', async () => {
    const agent = await signedIn();
    const form = await agent.get(`${base()}/new`).expect(200);
    const refused = await agent
      .post(base())
      .type('form')
      .send({ _csrf: csrfOf(form.text), intent: 'save', name: '', description: 'Kept <description>', keywords: 'kept-keyword', zendeskTags: 'not a tag!' })
      .expect(400);
    expect(refused.text).toContain('Nothing was saved');
    expect(refused.text).toMatch(/id="name"[^>]*aria-invalid="true" aria-describedby="name-error"/);
    expect(refused.text).toContain('id="zendeskTags-error"');
    expect(refused.text).toContain('Kept &#60;description&#62;</textarea>');
    expect(refused.text).toContain('kept-keyword</textarea>');
    // The organization's own Legal topic (the fixture's) is all there is.
    expect((await topicsOf()).map((topic) => topic.name)).toEqual(['Legal']);

    await agent.post(base()).type('form').send({ _csrf: csrfOf(refused.text), name: 'Twice', description: '' }).expect(303);
    const page = await agent.get(`${base()}/new`).expect(200);
    const duplicate = await agent.post(base()).type('form').send({ _csrf: csrfOf(page.text), name: 'twice', description: 'again' }).expect(400);
    expect(duplicate.text).toContain('A topic named &#34;twice&#34; already exists');
    expect(duplicate.text).toContain('value="twice"');
    const twice = (await topicsOf()).filter((topic) => topic.name === 'Twice');
    expect(twice).toHaveLength(1);
    await request(fixture.test.baseUrl).delete(`/admin/organizations/${fixture.organizationId}/topics/${twice[0].id}`).set(operator).expect(204);
  });

  it('tries a ticket: the matches and their reasons on the page', async () => {
    await request(fixture.test.baseUrl).post(`/admin/organizations/${fixture.organizationId}/topics`).set(operator).send({ name: 'Refunds', description: 'Money back', keywords: ['refund'], noAssist: true }).expect(201);
    const agent = await signedIn();
    const list = await agent.get(base()).expect(200);
    const tried = await agent.post(`${base()}/try`).type('form').send({ _csrf: csrfOf(list.text), text: 'Can I get a refund?', tags: '' }).expect(200);
    expect(tried.text).toContain('What it matches');
    expect(tried.text).toMatch(/<strong>Refunds<\/strong> <span class="tag no-assist">no-assist<\/span> because <code>keyword:refund<\/code>/);
    expect(tried.text).toContain('Can I get a refund?</textarea>');
    const empty = await agent.post(`${base()}/try`).type('form').send({ _csrf: csrfOf(tried.text), text: '' }).expect(400);
    expect(empty.text).toContain('id="try-text-error"');
    await agent.post(`${base()}/try`).type('form').send({ text: 'refund' }).expect(403);
    // Nor is anything created or changed without the form token.
    const refunds = (await topicsOf()).find((topic) => topic.name === 'Refunds')!;
    await agent.post(base()).type('form').send({ name: 'Forged', description: '' }).expect(403);
    await agent.post(`${base()}/${refunds.id}`).type('form').send({ _csrf: 'forged', name: 'Forged', description: '' }).expect(403);
    expect((await topicsOf()).map((topic) => topic.name)).toEqual(['Legal', 'Refunds']);
  });

  it('tests a draft before saving: the counts and examples shown, nothing written', async () => {
    const agent = await signedIn();
    const before = await topicsOf();
    const questions = (await db.query('SELECT count(*)::int AS n FROM decision_questions'))[0].n;
    const form = await agent.get(`${base()}/new`).expect(200);
    const tested = await agent
      .post(base())
      .type('form')
      .send({ _csrf: csrfOf(form.text), intent: 'test', name: 'Card charges', description: 'Unknown charges', keywords: 'charge', noAssist: 'on' })
      .expect(200);
    expect(tested.text).toContain('Tested, not saved');
    expect(tested.text).toMatch(/3 tickets of the last 30 days replayed/);
    expect(tested.text).toContain('Tickets caught: 1');
    expect(tested.text).toContain('Newly skipped: 1');
    expect(tested.text).toContain('Newly assisted: 0');
    expect(tested.text).toContain('<code>keyword:charge</code>');
    expect(tested.text).toContain('value="Card charges"');
    expect(await topicsOf()).toEqual(before);
    expect((await db.query('SELECT count(*)::int AS n FROM decision_questions'))[0].n).toBe(questions);

    const refunds = before.find((topic) => topic.name === 'Refunds')!;
    const edit = await agent.get(`${base()}/${refunds.id}`).expect(200);
    const retested = await agent.post(`${base()}/${refunds.id}`).type('form').send({ _csrf: csrfOf(edit.text), intent: 'test', name: 'Refunds', description: 'xyzzy', keywords: 'nothing-matches-this' }).expect(200);
    expect(retested.text).toContain('Tickets caught: 0');
    expect(retested.text).toContain('Newly assisted: 1');
    expect(await topicsOf()).toEqual(before);
  });

  it('answers another organization\'s key with 404 on every page and post, and not-a-uuid with 404', async () => {
    const agent = await signedIn(otherKey);
    const own = await agent.get(`/console/organizations/${other}/topics`).expect(200);
    const csrf = csrfOf(own.text);
    const refunds = (await topicsOf()).find((topic) => topic.name === 'Refunds')!;
    await agent.get(base()).expect(404);
    await agent.get(`${base()}/new`).expect(404);
    await agent.get(`${base()}/${refunds.id}`).expect(404);
    await agent.get(`${base()}/${refunds.id}/delete`).expect(404);
    await agent.post(base()).type('form').send({ _csrf: csrf, name: 'Sneaky', description: '' }).expect(404);
    await agent.post(`${base()}/try`).type('form').send({ _csrf: csrf, text: 'refund' }).expect(404);
    await agent.post(`${base()}/${refunds.id}`).type('form').send({ _csrf: csrf, name: 'Hijacked', description: '' }).expect(404);
    await agent.post(`${base()}/${refunds.id}/delete`).type('form').send({ _csrf: csrf }).expect(404);
    // Its own organization does not see the other's topic either.
    await agent.get(`/console/organizations/${other}/topics/${refunds.id}`).expect(404);
    await agent.get(`/console/organizations/${other}/topics/not-a-uuid`).expect(404);
    expect((await topicsOf()).map((topic) => topic.name)).toEqual(['Legal', 'Refunds']);
  });

  it('lists how many tickets matched each topic in the last 30 days, by the decisions\' evidence', async () => {
    const agent = await signedIn();
    const cells = async (name: string) => {
      const text = (await agent.get(base()).expect(200)).text;
      const tr = text.split('<tr>').find((part) => part.includes(`>${name}</a>`))!;
      return [...tr.matchAll(/<td>(.*?)<\/td>/g)].map((match) => match[1]);
    };
    expect((await cells('Legal'))[4]).toBe('1');
    expect((await cells('Refunds'))[4]).toBe('0');
    await db.query(`UPDATE decisions SET created_at = now() - interval '31 days' WHERE organization_id = $1`, [fixture.organizationId]);
    expect((await cells('Legal'))[4]).toBe('0');
  });
});
