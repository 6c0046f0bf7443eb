import request from 'supertest';
import { DataSource } from 'typeorm';
import { AssistFixture, startAssistFixture, syncAndWait } from '../support/assist-fixture';

interface RunView {
  status: string;
  error: string | null;
  counts: Record<string, number> & { macros?: Record<string, number> };
}

const REFUND = {
  title: 'Refund for a damaged item',
  comment: 'Hi {{ticket.requester.first_name}},\n\nWe are sorry your item arrived damaged. Reply with a photo of the damage and we refund the full price within 5 business days. You do not need to send the item back.',
};

// Zendesk macros → knowledge base → note, through the real entry points: the admin API queues the sync, the
// worker reads the simulator's Macros API, a webhook ticket gets the note.
describe('Macros as knowledge and as suggestions (real PostgreSQL, Zendesk simulator)', () => {
  let fixture: AssistFixture;
  let db: DataSource;
  let refund: number;
  let warranty: number;

  beforeAll(async () => {
    fixture = await startAssistFixture({ settings: { macrosEnabled: true } });
    db = fixture.test.app.get(DataSource);
    const { zendesk } = fixture;
    refund = zendesk.addMacro({ ...REFUND, actions: [{ field: 'status', value: 'solved' }], usage30d: 42 }).id;
    warranty = zendesk.addMacro({ title: 'Warranty claims', commentHtml: '<p>Our products carry a <strong>two-year warranty</strong>: send us the order number and a description of the fault.</p>' }).id;
    zendesk.addMacro({ title: 'Billing escalation', comment: ['channel:all', 'We passed your invoice question to our billing specialists.'], restriction: { type: 'Group', id: 77, ids: [77] } });
    zendesk.addMacro({ title: 'My sign-off', comment: 'Cheers from the API agent', restriction: { type: 'User', id: zendesk.agentId } });
    zendesk.addMacro({ title: 'Close as solved', actions: [{ field: 'status', value: 'solved' }] });
  });
  afterAll(() => fixture?.close());

  const sync = () => syncAndWait<RunView>(fixture.test, fixture.organizationId, fixture.auth);
  const macros = () =>
    db.query(`SELECT external_id, title, url, locale, body_html FROM kb_articles WHERE organization_id = $1 AND source = 'macro' ORDER BY title`, [
      fixture.organizationId,
    ]) as Promise<Record<string, string>[]>;
  const setSettings = (settings: Record<string, unknown>) =>
    request(fixture.test.baseUrl).patch(`/admin/organizations/${fixture.organizationId}/settings`).set(fixture.auth).send(settings).expect(200);
  const macroRequests = () => fixture.zendesk.requests.filter((r) => r.path.startsWith('/api/v2/macros'));

  it('syncs the shared macros that add a comment, in the same run as the help center, and keeps the rest out', async () => {
    const run = await sync();

    expect(run).toMatchObject({ status: 'succeeded', error: null });
    expect(run.counts.macros).toEqual({ fetched: 5, added: 2, updated: 0, removed: 0, unchanged: 0, embedded: 2, skipped: 0, excluded: 3 });
    const query = `query($organizationId: ID!) { syncRuns(organizationId: $organizationId) { counts { fetched macros { fetched added excluded } } } }`;
    const graphql = await request(fixture.test.baseUrl).post('/graphql').set(fixture.auth).send({ query, variables: { organizationId: fixture.organizationId } }).expect(200);
    expect(graphql.body.data.syncRuns[0].counts.macros).toEqual({ fetched: 5, added: 2, excluded: 3 });
    expect(macroRequests()[0]).toMatchObject({ method: 'GET', path: '/api/v2/macros/active.json', query: { 'page[size]': '100', include: 'usage_30d' } });
    const rows = await macros();
    expect(rows.map((row) => [row.external_id, row.title, row.url, row.locale])).toEqual([
      [`macro:${refund}`, 'Refund for a damaged item', '', 'en-us'],
      [`macro:${warranty}`, 'Warranty claims', '', 'en-us'],
    ]);
    // Zendesk fills placeholders in when the macro is applied: as knowledge they are noise.
    expect(rows[0].body_html).not.toContain('{{');
    expect(rows[0].body_html).toContain('<p>We are sorry your item arrived damaged.');
  });

  it('shows macros in the admin API as their own source, and refuses to delete one (the next sync would restore it)', async () => {
    const { organizationId, auth, test } = fixture;
    const listed = await request(test.baseUrl).get(`/admin/organizations/${organizationId}/knowledge/articles?source=macro`).set(auth).expect(200);
    expect(listed.body.items.map((article: { title: string; source: string }) => [article.title, article.source]).sort()).toEqual([
      ['Refund for a damaged item', 'macro'],
      ['Warranty claims', 'macro'],
    ]);
    const query = `query($organizationId: ID!) { knowledgeArticles(organizationId: $organizationId, source: "macro") { items { title source url } } }`;
    const graphql = await request(test.baseUrl).post('/graphql').set(auth).send({ query, variables: { organizationId } }).expect(200);
    expect(graphql.body.data.knowledgeArticles.items).toContainEqual({ title: 'Warranty claims', source: 'macro', url: '' });
    const refused = await request(test.baseUrl).delete(`/admin/organizations/${organizationId}/knowledge/articles/${listed.body.items[0].id}`).set(auth).expect(409);
    expect(refused.body.detail).toContain('Zendesk macro');
    expect(await macros()).toHaveLength(2);
  });

  it('a second sync with nothing changed embeds nothing', async () => {
    const run = await sync();
    expect(run.counts.macros).toMatchObject({ fetched: 5, added: 0, updated: 0, removed: 0, unchanged: 2, embedded: 0 });
  });

  it('suggests the macro that fits at the top of the note and cites it as "Macro: <title>", never applying it', async () => {
    const writesBefore = fixture.zendesk.writes().length;

    const { ticket, decision, note } = await fixture.ask('Damaged item refund', 'My parcel came today and the item arrived damaged. Can I get a refund?');

    expect(decision).toMatchObject({ outcome: 'suggested' });
    expect(decision.evidence.suggestedMacro).toMatchObject({ title: 'Refund for a damaged item', threshold: expect.any(Number) });
    const { probability, threshold } = decision.evidence.suggestedMacro as { probability: number; threshold: number };
    expect(probability).toBeGreaterThanOrEqual(threshold);
    const html = note!.html_body;
    expect(html.indexOf('<strong>Suggested macro:</strong> Refund for a damaged item')).toBeGreaterThanOrEqual(0);
    expect(html.indexOf('Suggested macro:')).toBeLessThan(html.indexOf('Suggested reply'));
    expect(html).toContain('<li>Macro: Refund for a damaged item</li>');
    // The one write on the ticket is the internal note: the macro's status change is never applied.
    const writes = fixture.zendesk.writes().slice(writesBefore).filter((write) => write.path.includes(`/tickets/${ticket.id}`));
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatchObject({ method: 'PUT', path: `/api/v2/tickets/${ticket.id}.json`, body: { ticket: { comment: { public: false } } } });
    expect(Object.keys((writes[0].body as { ticket: object }).ticket).sort()).toEqual(['comment', 'safe_update', 'updated_stamp']);
    expect(fixture.zendesk.getTicket(ticket.id).status).not.toBe('solved');
  });

  it('suggests no macro when an article fits the ticket better', async () => {
    const { decision, note } = await fixture.ask('Password reset', 'I forgot my password and cannot sign in. How do I reset my password?');

    expect(decision).toMatchObject({ outcome: 'suggested' });
    expect(decision.evidence.suggestedMacro).toBeUndefined();
    expect(note?.html_body ?? '').not.toContain('Suggested macro');
  });

  it('takes group and personal macros in only once the organization opts in', async () => {
    await setSettings({ macrosIncludeRestricted: true });
    const run = await sync();

    expect(run.counts.macros).toMatchObject({ fetched: 5, added: 2, unchanged: 2, excluded: 1 });
    expect((await macros()).map((row) => row.title)).toEqual(['Billing escalation', 'My sign-off', 'Refund for a damaged item', 'Warranty claims']);

    await setSettings({ macrosIncludeRestricted: false });
    expect((await sync()).counts.macros).toMatchObject({ removed: 2, excluded: 3 });
    expect((await macros()).map((row) => row.title)).toEqual(['Refund for a damaged item', 'Warranty claims']);
  });

  it('removes a macro deactivated in Zendesk at the next sync', async () => {
    fixture.zendesk.updateMacro(warranty, { active: false });
    const run = await sync();

    expect(run.counts.macros).toMatchObject({ fetched: 4, removed: 1 });
    expect((await macros()).map((row) => row.title)).toEqual(['Refund for a damaged item']);
  });

  it('with macrosEnabled off, reads nothing from /macros and removes the synced macros', async () => {
    await setSettings({ macrosEnabled: false });
    const before = macroRequests().length;
    const run = await sync();

    expect(run).toMatchObject({ status: 'succeeded' });
    expect(run.counts.macros).toMatchObject({ fetched: 0, removed: 1 });
    expect(macroRequests()).toHaveLength(before);
    expect(await macros()).toEqual([]);
  });

  it('resumes an interrupted pass from the saved cursor, keeping what its first pages marked', async () => {
    await setSettings({ macrosEnabled: true });
    for (let i = 0; i < 101; i++) fixture.zendesk.addMacro({ title: `Canned answer ${i}`, comment: `Answer number ${i} to a frequent question.` });
    let macroPages = 0;
    fixture.zendesk.failNext(1, { status: 400, match: (method, path) => path === '/api/v2/macros/active.json' && ++macroPages === 2 });

    const failed = await sync();

    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('/api/v2/macros/active.json');
    const [state] = await db.query(`SELECT cursor FROM kb_macro_sync_state WHERE organization_id = $1`, [fixture.organizationId]);
    expect(state.cursor).toContain('page%5Bafter%5D');
    const before = macroRequests().length;

    const resumed = await sync();

    expect(resumed.status).toBe('succeeded');
    expect(macroRequests()[before].query['page[after]']).toEqual(expect.any(String));
    expect(resumed.counts.macros).toMatchObject({ fetched: 5, removed: 0 });
    expect(await macros()).toHaveLength(102);
    expect(await db.query(`SELECT 1 FROM kb_macro_sync_state WHERE organization_id = $1`, [fixture.organizationId])).toEqual([]);
  });
});
