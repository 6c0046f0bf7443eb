import { Logger } from '@nestjs/common';
import { rejectionOf } from '../../../../test/support/rejection';
import { TRUNCATION_MARK } from '../../../shared/text/safe-text';
import { ZendeskSimulator } from '../../../../test/support/zendesk-simulator';
import { HelpCenter, UNKNOWN_USER_SEGMENT } from '../domain/help-center';
import { ZendeskAccount } from '../domain/ticket';
import { ZendeskError, ZendeskErrorCode } from '../domain/zendesk.error';
import { FakeRequestGuard } from '../../../../test/support/fake-request-guard';
import { articleProblem, toArticle, ZendeskHelpCenterGateway } from './zendesk-help-center.gateway';
import { RetryPolicy } from './zendesk-http';

// The article read and the translation write; the sync's lists are covered end to end by the Help Center suite.
describe('ZendeskHelpCenterGateway: one article, and its translation edit, against the Zendesk simulator', () => {
  let zendesk: ZendeskSimulator;
  let account: ZendeskAccount;
  let sut: ZendeskHelpCenterGateway;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    zendesk = await ZendeskSimulator.start();
    account = { baseUrl: zendesk.baseUrl, email: 'agent@example.com', apiToken: 'sim-token' };
  });
  afterAll(() => zendesk.close());

  beforeEach(() => {
    sut = new ZendeskHelpCenterGateway(new FakeRequestGuard(), new RetryPolicy({ attempts: 3, backoffMs: 5, maxWaitMs: 50, timeoutMs: 1000 }));
    zendesk.clearFaults();
    zendesk.denyArticleWrites(false);
  });

  const helpCenterOf = async (brandId: number): Promise<HelpCenter> => (await sut.listHelpCenters(account)).find((h) => h.brandId === String(brandId))!;
  const rejection = (promise: Promise<unknown>) => rejectionOf(promise, ZendeskError);

  it('reads an article without NUL or lone surrogates, its body bounded to 1 MB', async () => {
    const article = zendesk.addArticle({ title: 'Pitch\u0000 a \ud800tent', body: `<p>Stakes\u0000 first.\udc00</p>${'x'.repeat(1_100_000)}` });
    const [helpCenter] = await sut.listHelpCenters(account);

    const read = (await sut.fetchArticle(account, helpCenter, String(article.id), 'en-us'))!;

    expect(read.title).toBe('Pitch a tent');
    expect(read.bodyHtml.startsWith('<p>Stakes first.</p>xxx')).toBe(true);
    expect(read.bodyHtml.length).toBe(1024 * 1024);
    expect(read.bodyHtml.endsWith(TRUNCATION_MARK)).toBe(true);
  });

  it('reads one article in one locale, on its brand’s own help center; null when Guide has none', async () => {
    const brand = zendesk.addBrand('Outdoor');
    const section = zendesk.addSection({ name: 'Tents', categoryName: 'Gear', brandId: brand.id });
    const english = zendesk.addArticle({ title: 'Pitch a tent', body: '<p>Stakes first.</p>', section_id: section, brandId: brand.id });
    zendesk.addArticle({ id: english.id, title: 'Zelt aufbauen', body: '<p>Heringe zuerst.</p>', locale: 'de', brandId: brand.id });
    const helpCenter = await helpCenterOf(brand.id);

    const german = await sut.fetchArticle(account, helpCenter, String(english.id), 'de');

    expect(german).toEqual({
      id: String(english.id),
      title: 'Zelt aufbauen',
      bodyHtml: '<p>Heringe zuerst.</p>',
      url: `${zendesk.baseUrl}/hc/de/articles/${english.id}`,
      locale: 'de',
      sectionId: '0',
      userSegmentId: null,
      draft: false,
      outdated: false,
      updatedAt: expect.any(String),
    });
    expect(zendesk.requests.at(-1)).toMatchObject({ method: 'GET', path: `/brands/${brand.id}/api/v2/help_center/de/articles/${english.id}.json` });
    expect(await sut.fetchArticle(account, helpCenter, String(english.id), 'fr')).toBeNull();
    expect(await sut.fetchArticle(account, await helpCenterOf(zendesk.defaultBrandId), String(english.id), 'en-us')).toBeNull();
  });

  it('puts the title and body on the translation, and Guide keeps them', async () => {
    const article = zendesk.addArticle({ title: 'Refunds', body: '<p>Within 14 days.</p>' });
    const helpCenter = await helpCenterOf(zendesk.defaultBrandId);

    await sut.updateArticleTranslation(account, helpCenter, String(article.id), 'en-us', { title: 'Refunds and returns', bodyHtml: '<p>Within 30 days.</p>' });

    expect(zendesk.writes().at(-1)).toMatchObject({
      method: 'PUT',
      path: `/api/v2/help_center/articles/${article.id}/translations/en-us.json`,
      body: { translation: { title: 'Refunds and returns', body: '<p>Within 30 days.</p>' } },
    });
    expect(zendesk.getArticle(article.id, 'en-us')).toMatchObject({ title: 'Refunds and returns', body: '<p>Within 30 days.</p>' });
  });

  it('retries an outage: the same PUT again sets the same text', async () => {
    const article = zendesk.addArticle({ title: 'Shipping', body: '<p>Two days.</p>' });
    zendesk.failNext(1, { status: 503, match: (method) => method === 'PUT' });

    await sut.updateArticleTranslation(account, await helpCenterOf(zendesk.defaultBrandId), String(article.id), 'en-us', { title: 'Shipping', bodyHtml: '<p>Three days.</p>' });

    expect(zendesk.writes().filter((w) => w.path.includes(`/articles/${article.id}/`))).toHaveLength(2);
    expect(zendesk.getArticle(article.id, 'en-us').body).toBe('<p>Three days.</p>');
  });

  it('says what a 403 means: the token’s user may not edit the article; and a 404, that Guide has no such article', async () => {
    const article = zendesk.addArticle({ title: 'Warranty', body: '<p>Two years.</p>' });
    const helpCenter = await helpCenterOf(zendesk.defaultBrandId);
    const fix = { title: 'Warranty', bodyHtml: '<p>Three years.</p>' };
    zendesk.denyArticleWrites();

    const forbidden = await rejection(sut.updateArticleTranslation(account, helpCenter, String(article.id), 'en-us', fix));

    expect(forbidden).toMatchObject({ code: ZendeskErrorCode.ArticleEditForbidden, status: 403, transient: false });
    expect(forbidden.message).toMatch(/Guide admin or an agent allowed to edit this article/);
    expect(zendesk.getArticle(article.id, 'en-us').body).toBe('<p>Two years.</p>');

    zendesk.denyArticleWrites(false);
    const missing = await rejection(sut.updateArticleTranslation(account, helpCenter, String(article.id), 'fr', fix));
    expect(missing).toMatchObject({ code: ZendeskErrorCode.ArticleNotFound, status: 404, transient: false });
    expect(missing.message).toMatch(new RegExp(`no article ${article.id} in fr`));
  });
});

const vendorArticle = (overrides: Record<string, unknown> = {}) => ({
  id: 7,
  title: 'Pitch a tent',
  body: '<p>Stakes first.</p>',
  html_url: 'https://acme.zendesk.com/hc/en-us/articles/7',
  locale: 'en-us',
  section_id: 3,
  user_segment_id: null,
  draft: false,
  outdated: false,
  updated_at: '2026-11-01T10:00:00Z',
  ...overrides,
});

describe('articleProblem: what makes a listed article unreadable', () => {
  it('reads an article with a numeric id or the digits of one beyond 2^53, null title and body, any section id', () => {
    expect(articleProblem(vendorArticle())).toBeNull();
    expect(articleProblem(vendorArticle({ id: '12345678901234567890', title: null, body: null, html_url: null, section_id: 0, user_segment_id: 9, outdated: undefined }))).toBeNull();
    expect(toArticle(vendorArticle({ id: '12345678901234567890', title: null, body: null, section_id: { id: 3 } }))).toMatchObject({ id: '12345678901234567890', title: '', bodyHtml: '', sectionId: null });
  });

  it.each([
    [{ id: undefined }, 'no Zendesk id'],
    [{ id: 'abc' }, 'no Zendesk id'],
    [{ id: 0 }, 'no Zendesk id'],
    [{ id: 2.5 }, 'no Zendesk id'],
    [{ title: 42 }, 'title is not text'],
    [{ title: ['x'] }, 'title is not text'],
    [{ body: { html: '<p>x</p>' } }, 'body is not text'],
    [{ locale: undefined }, 'no locale'],
    [{ locale: '' }, 'no locale'],
    [{ locale: 7 }, 'no locale'],
    [{ html_url: 3 }, 'html_url is not text'],
    [{ user_segment_id: 'staff' }, 'user_segment_id is not an id or null'],
    [{ draft: 'no' }, 'draft is not true or false'],
    [{ outdated: 1 }, 'outdated is not true or false'],
    [{ updated_at: 'yesterday' }, 'updated_at is not a time'],
  ])('refuses %j: %s', (overrides, reason) => {
    expect(articleProblem(vendorArticle(overrides))).toBe(reason);
  });

  it('reads an article without the fields Zendesk always sends as before these checks: no audience restricted, no draft flag published', () => {
    const { user_segment_id: _segment, draft: _draft, updated_at: _updated, ...minimal } = vendorArticle();
    expect(articleProblem(minimal)).toBeNull();
    expect(toArticle(minimal)).toMatchObject({ userSegmentId: UNKNOWN_USER_SEGMENT, draft: false, updatedAt: null });
  });
});

describe('ZendeskHelpCenterGateway: the sync’s paged reads under malformed answers, against the Zendesk simulator', () => {
  let zendesk: ZendeskSimulator;
  let account: ZendeskAccount;
  let helpCenter: HelpCenter;
  const sut = () => new ZendeskHelpCenterGateway(new FakeRequestGuard(), new RetryPolicy({ attempts: 2, backoffMs: 5, maxWaitMs: 50, timeoutMs: 1000 }));
  const onPath = (suffix: string) => (_: string, path: string) => path.endsWith(suffix);
  const requestsTo = (suffix: string, from: number) => zendesk.requests.slice(from).filter((r) => r.path.endsWith(suffix));

  beforeAll(async () => {
    Logger.overrideLogger(false);
    zendesk = await ZendeskSimulator.start();
    account = { baseUrl: zendesk.baseUrl, email: 'agent@example.com', apiToken: 'sim-token' };
    [helpCenter] = await sut().listHelpCenters(account);
  });
  beforeEach(() => zendesk.clearFaults());
  afterAll(() => zendesk.close());

  it('leaves out and reports the articles it cannot read, and maps the rest', async () => {
    const articles = [vendorArticle({ id: 1 }), vendorArticle({ id: undefined }), vendorArticle({ id: 3, title: { en: 'x' } }), vendorArticle({ id: 4, locale: null }), 'not an article'];
    zendesk.failNext(1, { status: 200, body: { articles, meta: { has_more: false, after_cursor: null } }, match: onPath('/articles.json') });

    const page = await sut().listArticles(account, helpCenter, 'en-us', null);

    expect(page.articles).toEqual([expect.objectContaining({ id: '1', title: 'Pitch a tent', locale: 'en-us' })]);
    expect(page.malformed).toEqual([
      { id: null, reason: 'no Zendesk id' },
      { id: '3', reason: 'title is not text' },
      { id: '4', reason: 'no locale' },
      { id: null, reason: 'not an object' },
    ]);
    expect(page.next).toBeNull();
  });

  it.each([
    ['articles not a list', { articles: { id: 1 }, meta: { has_more: false } }, '"articles" is not a list'],
    ['articles null', { articles: null, meta: { has_more: false } }, '"articles" is not a list'],
    ['null meta', { articles: [], meta: null }, '"meta.has_more" is missing'],
    ['more pages without a cursor', { articles: [], meta: { has_more: true, after_cursor: null } }, 'more pages, but no "meta.after_cursor" to read them'],
    ['a cursor that is a number', { articles: [], meta: { has_more: true, after_cursor: 42 } }, 'more pages, but no "meta.after_cursor" to read them'],
    ['an answer that is a list', [], '"articles" is not a list'],
  ])('fails the articles page with a malformed-answer ZendeskError on %s', async (_, body, reason) => {
    zendesk.failNext(1, { status: 200, body, match: onPath('/articles.json') });

    const error = await rejectionOf(sut().listArticles(account, helpCenter, 'en-us', null), ZendeskError);

    expect(error.message).toBe(`Zendesk GET /api/v2/help_center/en-us/articles.json: malformed answer: ${reason}`);
  });

  it('takes an articles page without meta for the last one (a copy of the API that answers everything at once)', async () => {
    zendesk.failNext(1, { status: 200, body: { articles: [vendorArticle({ id: 8 })] }, match: onPath('/articles.json') });

    const page = await sut().listArticles(account, helpCenter, 'en-us', null);

    expect(page).toMatchObject({ articles: [expect.objectContaining({ id: '8' })], next: null });
  });

  it.each([
    ['articles not a list', { articles: 'none', end_time: 1, next_page: null }, '"articles" is not a list'],
    ['no end_time', { articles: [], next_page: null }, '"end_time" is not a time'],
    ['an end_time that is text', { articles: [], end_time: '1700000000', next_page: null }, '"end_time" is not a time'],
    ['a next_page that is no link', { articles: [], end_time: 1, next_page: 42 }, '"next_page" is not a link'],
  ])('fails the export page with a malformed-answer ZendeskError on %s', async (_, body, reason) => {
    zendesk.failNext(1, { status: 200, body, match: onPath('/incremental/articles.json') });

    const error = await rejectionOf(sut().exportArticles(account, helpCenter, 0, null), ZendeskError);

    expect(error.message).toBe(`Zendesk GET /api/v2/help_center/incremental/articles.json: malformed answer: ${reason}`);
  });

  it('reports the export’s unreadable articles and reads its end_time and next page', async () => {
    const next = `${zendesk.baseUrl}/api/v2/help_center/incremental/articles.json?start_time=6`;
    zendesk.failNext(1, { status: 200, body: { articles: [vendorArticle({ id: 5 }), vendorArticle({ id: 6, draft: null })], end_time: 5, next_page: next }, match: onPath('/incremental/articles.json') });

    const page = await sut().exportArticles(account, helpCenter, 0, null);

    expect(page).toMatchObject({ articles: [expect.objectContaining({ id: '5' })], malformed: [{ id: '6', reason: 'draft is not true or false' }], endTime: 5, next });
  });

  it('fails on brands, locales and user segments of the wrong shape', async () => {
    const cases: [string, unknown, string][] = [
      ['/brands.json', { brands: null }, 'Zendesk GET /api/v2/brands.json: malformed answer: "brands" is not a list'],
      ['/brands.json', { brands: [{ name: 'No id', has_help_center: true, brand_url: zendesk.baseUrl }] }, 'Zendesk GET /api/v2/brands.json: malformed answer: a brand with a help center has no id or no brand_url'],
      ['/locales.json', { locales: 'en-us' }, 'Zendesk GET /api/v2/help_center/locales.json: malformed answer: "locales" is not a list'],
      ['/locales.json', { locales: ['en-us', null] }, 'Zendesk GET /api/v2/help_center/locales.json: malformed answer: "locales" is not a list of locale codes'],
      ['/user_segments.json', { user_segments: {}, next_page: null }, 'Zendesk GET /api/v2/help_center/user_segments.json: malformed answer: "user_segments" is not a list'],
      ['/user_segments.json', { user_segments: [], next_page: 7 }, 'Zendesk GET /api/v2/help_center/user_segments.json: malformed answer: "next_page" is not a link'],
    ];
    for (const [path, body, message] of cases) {
      zendesk.failNext(1, { status: 200, body, match: onPath(path) });
      const read = path === '/brands.json' ? sut().listHelpCenters(account) : path === '/locales.json' ? sut().listLocales(account, helpCenter) : sut().listStaffSegments(account, helpCenter);
      expect((await rejectionOf(read, ZendeskError)).message).toBe(message);
    }
  });

  it('reads staff segments only from segments with an id, and categories and sections only with one', async () => {
    const segments = [{ id: 11, user_type: 'staff' }, { user_type: 'staff' }, { id: 'x', user_type: 'staff' }, { id: 12, user_type: 'signed_in_users' }, null];
    zendesk.failNext(1, { status: 200, body: { user_segments: segments, next_page: null }, match: onPath('/user_segments.json') });
    zendesk.failNext(1, { status: 200, body: { categories: [{ id: 20, name: 'Gear' }, { name: 'No id' }], meta: { has_more: false } }, match: onPath('/categories.json') });
    zendesk.failNext(1, { status: 200, body: { sections: [{ id: 30, name: 'Tents', category_id: 20 }, { id: 31, name: 5, category_id: {} }, { name: 'No id' }], meta: { has_more: false } }, match: onPath('/sections.json') });

    expect([...(await sut().listStaffSegments(account, helpCenter))]).toEqual(['11']);
    expect([...(await sut().listSections(account, helpCenter, ['en-us'])).values()]).toEqual([
      { id: '30', name: 'Tents', categoryName: 'Gear' },
      { id: '31', name: '', categoryName: null },
    ]);
  });

  it('stops a section list whose cursor repeats, and a user segments next page already read, after two requests', async () => {
    zendesk.failNext(50, { status: 200, body: { categories: [], meta: { has_more: true, after_cursor: 'again' } }, match: onPath('/categories.json') });
    let before = zendesk.requests.length;

    const sections = await rejectionOf(sut().listSections(account, helpCenter, ['en-us']), ZendeskError);

    expect(sections.message).toBe('Zendesk GET /api/v2/help_center/en-us/categories.json: malformed answer: its next page is one already read (again)');
    expect(requestsTo('/categories.json', before)).toHaveLength(2);
    zendesk.clearFaults();
    const loop = `${zendesk.baseUrl}/api/v2/help_center/user_segments.json?page=2`;
    zendesk.failNext(50, { status: 200, body: { user_segments: [], next_page: loop }, match: onPath('/user_segments.json') });
    before = zendesk.requests.length;

    const segments = await rejectionOf(sut().listStaffSegments(account, helpCenter), ZendeskError);

    expect(segments.message).toBe(`Zendesk GET /api/v2/help_center/user_segments.json: malformed answer: its next page is one already read (${loop})`);
    expect(requestsTo('/user_segments.json', before)).toHaveLength(2);
  });

  it('fails a single article read whose article is unreadable, and still answers null for a 404', async () => {
    const article = zendesk.addArticle({ title: 'Pitch a tent', body: '<p>Stakes first.</p>' });
    zendesk.failNext(1, { status: 200, body: { article: { ...article, body: 12 } }, match: onPath(`/articles/${article.id}.json`) });

    const error = await rejectionOf(sut().fetchArticle(account, helpCenter, String(article.id), 'en-us'), ZendeskError);

    expect(error.message).toBe(`Zendesk GET /api/v2/help_center/en-us/articles/${article.id}.json: malformed answer: "article": body is not text`);
    expect(await sut().fetchArticle(account, helpCenter, '999999', 'en-us')).toBeNull();
  });
});
