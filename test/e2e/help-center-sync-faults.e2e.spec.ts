import { DataSource } from 'typeorm';
import { AssistFixture, startAssistFixture, syncAndWait } from '../support/assist-fixture';

interface RunView {
  status: string;
  mode: string;
  error: string | null;
  counts: Record<string, number>;
  problems: { articleId: string; locale: string; reason: string; detail?: string }[];
}

const ARTICLES_PATH = '/api/v2/help_center/en-us/articles.json';
const EXPORT_PATH = '/api/v2/help_center/incremental/articles.json';

// Malformed answers from Zendesk Guide, injected into the simulator: each ends the run with a recorded
// outcome, and the next sync, faults off, completes from where the failed one stopped.
describe('Help Center sync under Zendesk faults (real PostgreSQL, Zendesk simulator)', () => {
  let fixture: AssistFixture;
  let db: DataSource;

  beforeAll(async () => {
    fixture = await startAssistFixture({ checkZendeskWrites: false });
    db = fixture.test.app.get(DataSource);
  });
  afterEach(() => fixture.zendesk.clearFaults());
  afterAll(() => fixture?.close());

  const sync = () => syncAndWait<RunView>(fixture.test, fixture.organizationId, fixture.auth, 60_000);
  const articles = async () =>
    (await db.query(`SELECT external_id, locale, title FROM kb_articles WHERE organization_id = $1 AND source = 'help_center'`, [fixture.organizationId])) as {
      external_id: string;
      locale: string;
      title: string;
    }[];
  const requestsFrom = (index: number, path: string) => fixture.zendesk.requests.slice(index).filter((r) => r.path === path);
  const forceFullPass = () => db.query(`UPDATE kb_sync_state SET last_full_pass_at = now() - interval '2 days' WHERE organization_id = $1`, [fixture.organizationId]);

  it('fails the run on a malformed articles page, keeping the page before it, and the next sync resumes there with every article once', async () => {
    const { zendesk } = fixture;
    // Ids of their own: the fixture's uploaded articles (source api) have small ones.
    const seeded = Array.from({ length: 150 }, (_, i) => zendesk.addArticle({ id: 500_000 + i, title: `Descale the boiler ${i}`, body: `<p>Run descaler cycle ${i} with the steam wand open.</p>` }));
    let articlePages = 0;
    zendesk.failNext(1, { status: 200, body: { articles: 'oops', meta: { has_more: false } }, match: (_, path) => path === ARTICLES_PATH && ++articlePages === 2 });

    const failed = await sync();

    expect(failed.status).toBe('failed');
    expect(failed.error).toBe(`Zendesk GET ${ARTICLES_PATH}: malformed answer: "articles" is not a list`);
    expect(failed.counts).toMatchObject({ fetched: 100, added: 100, removed: 0 });
    expect(await articles()).toHaveLength(100);

    const before = zendesk.requests.length;
    const resumed = await sync();

    expect(resumed).toMatchObject({ status: 'succeeded', error: null, mode: 'full', counts: { fetched: 50, added: 50, removed: 0 } });
    // The page after the last good one, not the first: the same pass goes on.
    expect(requestsFrom(before, ARTICLES_PATH).map((r) => r.query['page[after]'])).toEqual([String(seeded[99].id)]);
    const stored = await articles();
    expect(stored).toHaveLength(150);
    expect(new Set(stored.map((a) => a.external_id))).toEqual(new Set(seeded.map((a) => String(a.id))));
  });

  it('skips the articles it cannot read, listing each among the run problems, and stores the rest', async () => {
    const { zendesk } = fixture;
    // Held by Guide too, so that later full passes keep it.
    const good = zendesk.addArticle({ id: 990_001, title: 'Replace the group gasket', body: '<p>Lever it out with a flat screwdriver.</p>' });
    const article = (fields: Record<string, unknown>) => ({
      html_url: `${zendesk.baseUrl}/hc/en-us/articles/${String(fields.id)}`,
      section_id: null,
      user_segment_id: null,
      draft: false,
      outdated: false,
      updated_at: new Date().toISOString(),
      ...fields,
    });
    const page = [
      good,
      article({ title: 'No id', body: '<p>x</p>', locale: 'en-us' }),
      article({ id: 990002, title: { en: 'Not text' }, body: '<p>x</p>', locale: 'en-us' }),
      article({ id: 990003, title: 'No locale', body: '<p>x</p>' }),
      article({ id: 990004, title: 'Body as a number', body: 42, locale: 'en-us' }),
    ];
    zendesk.failNext(1, { status: 200, body: { articles: page, count: page.length, end_time: Math.floor(Date.now() / 1000), next_page: null }, match: (_, path) => path === EXPORT_PATH });

    const run = await sync();

    expect(run).toMatchObject({ status: 'succeeded', error: null, mode: 'incremental', counts: { fetched: 5, added: 1, skipped: 4 } });
    expect(run.problems).toEqual(
      expect.arrayContaining([
        { articleId: '', locale: '', reason: 'malformed_article', detail: 'no Zendesk id' },
        { articleId: '990002', locale: '', reason: 'malformed_article', detail: 'title is not text' },
        { articleId: '990003', locale: '', reason: 'malformed_article', detail: 'no locale' },
        { articleId: '990004', locale: '', reason: 'malformed_article', detail: 'body is not text' },
      ]),
    );
    const stored = await articles();
    expect(stored.filter((a) => a.external_id === String(good.id) || a.external_id.startsWith('99000'))).toEqual([{ external_id: String(good.id), locale: 'en-us', title: good.title }]);
    expect(stored.filter((a) => a.external_id === 'undefined' || a.title === 'undefined' || a.locale === 'undefined')).toEqual([]);
  });

  it('reports an unreadable article of a full pass with the locale it was listed in, and keeps its stored copy', async () => {
    await forceFullPass();
    const stored = fixture.zendesk.getArticle(500_000, 'en-us');
    const withoutDraft = { ...stored, draft: 'no' };
    let articlePages = 0;
    // The first page lists only that article, its draft flag no boolean; the pages after it list the rest as usual.
    fixture.zendesk.failNext(1, {
      status: 200,
      body: { articles: [withoutDraft], meta: { has_more: true, after_cursor: String(stored.id) } },
      match: (_, path) => path === ARTICLES_PATH && ++articlePages === 1,
    });

    const run = await sync();

    expect(run).toMatchObject({ status: 'succeeded', mode: 'full', counts: { fetched: 151, skipped: 1, removed: 0 } });
    expect(run.problems).toContainEqual({ articleId: '500000', locale: 'en-us', reason: 'malformed_article', detail: 'draft is not true or false' });
    const kept = await articles();
    expect(kept).toHaveLength(151);
    expect(kept).toContainEqual({ external_id: '500000', locale: 'en-us', title: stored.title });
  });

  it('fails the run after two requests when the full pass’s cursor repeats, and the next sync completes without losing an article', async () => {
    const { zendesk } = fixture;
    await forceFullPass();
    zendesk.failNext(100, { status: 200, body: { articles: [], meta: { has_more: true, after_cursor: 'loop' } }, match: (_, path) => path === ARTICLES_PATH });
    let before = zendesk.requests.length;

    const failed = await sync();

    expect(failed.status).toBe('failed');
    expect(failed.error).toBe(`Zendesk GET ${ARTICLES_PATH}: malformed answer: its next page is one already read (loop)`);
    expect(requestsFrom(before, ARTICLES_PATH)).toHaveLength(2);
    expect(await articles()).toHaveLength(151);
    zendesk.clearFaults();
    before = zendesk.requests.length;

    const resumed = await sync();

    expect(resumed).toMatchObject({ status: 'succeeded', mode: 'full', counts: { removed: 0 } });
    expect(requestsFrom(before, ARTICLES_PATH)[0].query['page[after]']).toBe('loop');
    expect(await articles()).toHaveLength(151);
  });
});
