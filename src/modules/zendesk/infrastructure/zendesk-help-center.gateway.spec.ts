import { Logger } from '@nestjs/common';
import { rejectionOf } from '../../../../test/support/rejection';
import { TRUNCATION_MARK } from '../../../shared/text/safe-text';
import { ZendeskSimulator } from '../../../../test/support/zendesk-simulator';
import { HelpCenter } from '../domain/help-center';
import { ZendeskAccount } from '../domain/ticket';
import { ZendeskError, ZendeskErrorCode } from '../domain/zendesk.error';
import { FakeRequestGuard } from '../../../../test/support/fake-request-guard';
import { ZendeskHelpCenterGateway } from './zendesk-help-center.gateway';
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
