import { Injectable, Optional } from '@nestjs/common';
import { HelpCenterGateway } from '../application/ports/help-center-gateway';
import { RequestGuard } from '../application/ports/request-guard';
import { ArticleExportPage, ArticlesPage, ArticleTranslation, HelpCenter, HelpCenterArticle, HelpCenterSection, UNKNOWN_USER_SEGMENT } from '../domain/help-center';
import { ZendeskAccount } from '../domain/ticket';
import { ZendeskError, ZendeskErrorCode } from '../domain/zendesk.error';
import { isOptionalText, isRecord, listIn, malformedAnswer, readItems, vendorIdOf, VendorRecord } from './vendor-answer';
import { vendorText } from './vendor-text';
import { RetryPolicy, ZendeskHttp } from './zendesk-http';

// Ids are read with parseJsonExact: numbers, or digit strings beyond 2^53.
type VendorId = number | string;

interface VendorBrand {
  id: VendorId;
  name: unknown;
  brand_url: string;
  has_help_center: boolean;
}

interface VendorArticle {
  id: VendorId;
  title: string | null;
  body: string | null;
  html_url: string | null;
  locale: string;
  section_id: unknown;
  user_segment_id?: VendorId | null;
  draft?: boolean;
  outdated: boolean | null;
  updated_at?: string | null;
}

const PAGE_SIZE = 100;

// Zendesk Guide over its documented JSON endpoints (node-zendesk covers tickets, not the incremental article
// export or brand help centers), through the same retrying transport as the ticket gateway.
@Injectable()
export class ZendeskHelpCenterGateway extends HelpCenterGateway {
  private readonly http: ZendeskHttp;

  // Guide reads and writes are background work: they leave the account's budget to webhook jobs first.
  constructor(guard: RequestGuard, @Optional() retry: RetryPolicy = new RetryPolicy()) {
    super();
    this.http = new ZendeskHttp(guard, retry, 'sync');
  }

  async listHelpCenters(account: ZendeskAccount): Promise<HelpCenter[]> {
    const url = `${origin(account)}/api/v2/brands.json`;
    const brands = listIn(await this.http.getJson<unknown>(account, url), 'brands', labelOf(url)).filter((brand) => isRecord(brand) && brand.has_help_center === true);
    // A help center left out would keep its articles as they are, unnoticed: its brand must be readable.
    if (!brands.every((brand) => isRecord(brand) && vendorIdOf(brand.id) !== null && typeof brand.brand_url === 'string')) {
      throw malformedAnswer(labelOf(url), 'a brand with a help center has no id or no brand_url');
    }
    const helpCenters = (brands as unknown as VendorBrand[])
      .filter((brand) => trustedBrandUrl(account, brand.brand_url))
      .map((brand) => ({ brandId: String(brand.id), name: vendorText.line(textOrNone(brand.name)), baseUrl: brand.brand_url.replace(/\/+$/, '') }));
    // An account without brands data still has its own help center.
    return helpCenters.length > 0 ? helpCenters : [{ brandId: 'default', name: 'Help Center', baseUrl: origin(account) }];
  }

  async listLocales(account: ZendeskAccount, helpCenter: HelpCenter): Promise<string[]> {
    const url = `${helpCenter.baseUrl}/api/v2/help_center/locales.json`;
    const locales = listIn(await this.http.getJson<unknown>(account, url), 'locales', labelOf(url));
    if (!locales.every((locale) => typeof locale === 'string' && locale.trim() !== '')) throw malformedAnswer(labelOf(url), '"locales" is not a list of locale codes');
    return (locales as string[]).map((locale) => vendorText.code(locale).toLowerCase());
  }

  // Categories and sections only name an article's place: one without an id is left out.
  async listSections(account: ZendeskAccount, helpCenter: HelpCenter, locales: string[]): Promise<Map<string, HelpCenterSection>> {
    const sections = new Map<string, HelpCenterSection>();
    for (const locale of locales) {
      const base = `${helpCenter.baseUrl}/api/v2/help_center/${encodeURIComponent(locale)}`;
      const categories = new Map<string, string>();
      for await (const category of this.everyItem(account, `${base}/categories.json`, 'categories')) {
        categories.set(vendorIdOf(category.id)!, vendorText.line(textOrNone(category.name)));
      }
      for await (const section of this.everyItem(account, `${base}/sections.json`, 'sections')) {
        const id = vendorIdOf(section.id)!;
        const categoryId = vendorIdOf(section.category_id);
        sections.set(id, { id, name: vendorText.line(textOrNone(section.name)), categoryName: (categoryId && categories.get(categoryId)) ?? null });
      }
    }
    return sections;
  }

  // A segment that cannot be read as staff leaves its articles restricted, never public.
  async listStaffSegments(account: ZendeskAccount, helpCenter: HelpCenter): Promise<Set<string>> {
    const staff = new Set<string>();
    let url: string | null = `${helpCenter.baseUrl}/api/v2/help_center/user_segments.json`;
    const pagesRead = new Set<string>([url]);
    while (url) {
      const label = labelOf(url);
      const page = await this.http.getJson<unknown>(account, url);
      for (const segment of listIn(page, 'user_segments', label)) {
        if (isRecord(segment) && segment.user_type === 'staff' && vendorIdOf(segment.id) !== null) staff.add(vendorIdOf(segment.id)!);
      }
      const next = nextLinkOf(page as VendorRecord, label);
      if (next !== null && pagesRead.has(next)) throw malformedAnswer(label, `its next page is one already read (${next})`);
      url = next && this.sameHost(next, helpCenter);
      if (url) pagesRead.add(url);
    }
    return staff;
  }

  async listArticles(account: ZendeskAccount, helpCenter: HelpCenter, locale: string, cursor: string | null): Promise<ArticlesPage> {
    const url = new URL(`${helpCenter.baseUrl}/api/v2/help_center/${encodeURIComponent(locale)}/articles.json`);
    url.searchParams.set('page[size]', String(PAGE_SIZE));
    if (cursor) url.searchParams.set('page[after]', cursor);
    const label = labelOf(url.toString());
    const page = await this.http.getJson<unknown>(account, url.toString());
    const { items, malformed } = readItems(listIn(page, 'articles', label), articleProblem, toArticle);
    return { articles: items, malformed, next: afterCursorOf(page as VendorRecord, label) };
  }

  async exportArticles(account: ZendeskAccount, helpCenter: HelpCenter, startTime: number, cursor: string | null): Promise<ArticleExportPage> {
    const url = cursor ? this.sameHost(cursor, helpCenter) : `${helpCenter.baseUrl}/api/v2/help_center/incremental/articles.json?start_time=${startTime}`;
    const label = labelOf(url);
    const page = await this.http.getJson<unknown>(account, url);
    const { items, malformed } = readItems(listIn(page, 'articles', label), articleProblem, toArticle);
    const endTime = (page as VendorRecord).end_time;
    // The sync saves end_time as where the next export starts: anything but a time would lose or repeat articles.
    if (typeof endTime !== 'number' || !Number.isSafeInteger(endTime) || endTime < 0) throw malformedAnswer(label, '"end_time" is not a time');
    return { articles: items, malformed, endTime, next: nextLinkOf(page as VendorRecord, label) };
  }

  async fetchArticle(account: ZendeskAccount, helpCenter: HelpCenter, articleId: string, locale: string): Promise<HelpCenterArticle | null> {
    const url = `${helpCenter.baseUrl}/api/v2/help_center/${encodeURIComponent(locale)}/articles/${encodeURIComponent(articleId)}.json`;
    try {
      const page = await this.http.getJson<unknown>(account, url);
      const article = isRecord(page) ? page.article : undefined;
      const problem = isRecord(article) ? articleProblem(article) : 'not an object';
      if (problem !== null) throw malformedAnswer(labelOf(url), `"article": ${problem}`);
      return toArticle(article as VendorRecord);
    } catch (error) {
      if (error instanceof ZendeskError && error.status === 404) return null;
      throw error;
    }
  }

  // Title and body live on the translation, not on the article (whose update endpoint sets metadata only).
  async updateArticleTranslation(account: ZendeskAccount, helpCenter: HelpCenter, articleId: string, locale: string, translation: ArticleTranslation): Promise<void> {
    const url = `${helpCenter.baseUrl}/api/v2/help_center/articles/${encodeURIComponent(articleId)}/translations/${encodeURIComponent(locale)}.json`;
    try {
      await this.http.putJson(account, url, { translation: { title: translation.title, body: translation.bodyHtml } });
    } catch (error) {
      if (!(error instanceof ZendeskError)) throw error;
      if (error.status === 403) {
        throw new ZendeskError(
          ZendeskErrorCode.ArticleEditForbidden,
          `Zendesk Guide refused to edit article ${articleId} (${locale}): the API token's user must be a Guide admin or an agent ` +
            `allowed to edit this article (its permission group). ${error.message}`,
          403,
        );
      }
      if (error.status === 404) {
        throw new ZendeskError(ZendeskErrorCode.ArticleNotFound, `Zendesk Guide has no article ${articleId} in ${locale} (deleted, archived or that translation removed). ${error.message}`, 404);
      }
      throw error;
    }
  }

  // Every item with an id, page after page; a cursor already read ends the read with its reason, not in a loop.
  private async *everyItem(account: ZendeskAccount, firstUrl: string, key: string): AsyncGenerator<VendorRecord> {
    const label = labelOf(firstUrl);
    const cursorsRead = new Set<string>();
    let cursor: string | null = null;
    do {
      const url = new URL(firstUrl);
      url.searchParams.set('page[size]', String(PAGE_SIZE));
      if (cursor) url.searchParams.set('page[after]', cursor);
      const page = await this.http.getJson<unknown>(account, url.toString());
      yield* listIn(page, key, label).filter((item): item is VendorRecord => isRecord(item) && vendorIdOf(item.id) !== null);
      cursor = afterCursorOf(page as VendorRecord, label);
      if (cursor !== null && cursorsRead.has(cursor)) throw malformedAnswer(label, `its next page is one already read (${cursor})`);
      if (cursor !== null) cursorsRead.add(cursor);
    } while (cursor);
  }

  // Pagination links are followed only on the help center's own host: our credentials go nowhere else.
  private sameHost(url: string, helpCenter: HelpCenter): string {
    if (new URL(url).origin !== new URL(helpCenter.baseUrl).origin) {
      throw new ZendeskError(ZendeskErrorCode.Rejected, `Zendesk pointed to a page on another host: ${new URL(url).origin}`);
    }
    return url;
  }
}

const origin = (account: ZendeskAccount) => new URL(account.baseUrl).origin;

// A brand's help center is on https://<brand>.zendesk.com (or on the account's own host, as in the simulator).
function trustedBrandUrl(account: ZendeskAccount, brandUrl: string): boolean {
  try {
    const url = new URL(brandUrl);
    return url.origin === origin(account) || (url.protocol === 'https:' && url.hostname.endsWith('.zendesk.com'));
  } catch {
    return false;
  }
}

const labelOf = (url: string) => `GET ${new URL(url).pathname}`;

const textOrNone = (value: unknown) => (typeof value === 'string' ? value : null);

// Cursor pagination answers meta. A page without it (as before these checks: a minimal Guide, or a copy of the
// API that answers everything at once) is the last; a meta that is there but unreadable fails the read, since a
// full pass that took it for the last page would remove every article of the pages it never read.
function afterCursorOf(page: VendorRecord, label: string): string | null {
  const { meta } = page;
  if (meta === undefined) return null;
  if (!isRecord(meta) || typeof meta.has_more !== 'boolean') throw malformedAnswer(label, '"meta.has_more" is missing');
  if (!meta.has_more) return null;
  if (typeof meta.after_cursor !== 'string' || meta.after_cursor === '') throw malformedAnswer(label, 'more pages, but no "meta.after_cursor" to read them');
  return meta.after_cursor;
}

// Offset pagination's next_page: a link, or null (absent) on the last page.
function nextLinkOf(page: VendorRecord, label: string): string | null {
  const next = page.next_page ?? null;
  if (next !== null && (typeof next !== 'string' || !URL.canParse(next))) throw malformedAnswer(label, '"next_page" is not a link');
  return next;
}

// What makes a listed article unreadable; null when it reads. Its audience (user_segment_id, null: everyone)
// and draft flag must be read as given when they are there: a wrong type fails the article. Zendesk always sends
// both; an answer without them (a minimal copy of the API) is read as it was before these checks: no audience
// given counts as restricted (it grounds drafts, never quoted), no draft flag as published.
export function articleProblem(article: VendorRecord): string | null {
  if (vendorIdOf(article.id) === null) return 'no Zendesk id';
  if (!isOptionalText(article.title)) return 'title is not text';
  if (!isOptionalText(article.body)) return 'body is not text';
  if (typeof article.locale !== 'string' || article.locale.trim() === '') return 'no locale';
  if (!isOptionalText(article.html_url)) return 'html_url is not text';
  if (article.user_segment_id !== null && article.user_segment_id !== undefined && vendorIdOf(article.user_segment_id) === null) return 'user_segment_id is not an id or null';
  if (article.draft !== undefined && typeof article.draft !== 'boolean') return 'draft is not true or false';
  if (article.outdated !== undefined && article.outdated !== null && typeof article.outdated !== 'boolean') return 'outdated is not true or false';
  if (article.updated_at !== undefined && article.updated_at !== null && (typeof article.updated_at !== 'string' || Number.isNaN(Date.parse(article.updated_at)))) return 'updated_at is not a time';
  return null;
}

// A section id of another type only loses the article its section name (it is looked up, never stored).
export function toArticle(item: VendorRecord): HelpCenterArticle {
  const article = item as unknown as VendorArticle;
  return {
    id: vendorIdOf(article.id)!,
    title: vendorText.line(article.title),
    bodyHtml: vendorText.articleBody(article.body),
    url: vendorText.url(article.html_url ?? ''),
    locale: vendorText.code(article.locale).toLowerCase(),
    sectionId: typeof article.section_id === 'number' || typeof article.section_id === 'string' ? String(article.section_id) : null,
    userSegmentId: article.user_segment_id === undefined ? UNKNOWN_USER_SEGMENT : article.user_segment_id === null ? null : vendorIdOf(article.user_segment_id),
    draft: article.draft ?? false,
    outdated: article.outdated ?? false,
    updatedAt: article.updated_at ?? null,
  };
}
