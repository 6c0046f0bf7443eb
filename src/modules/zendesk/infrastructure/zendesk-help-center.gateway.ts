import { Injectable, Optional } from '@nestjs/common';
import { HelpCenterGateway } from '../application/ports/help-center-gateway';
import { RequestGuard } from '../application/ports/request-guard';
import { ArticleExportPage, ArticlesPage, ArticleTranslation, HelpCenter, HelpCenterArticle, HelpCenterSection } from '../domain/help-center';
import { ZendeskAccount } from '../domain/ticket';
import { ZendeskError, ZendeskErrorCode } from '../domain/zendesk.error';
import { vendorText } from './vendor-text';
import { RetryPolicy, ZendeskHttp } from './zendesk-http';

// Ids are read with parseJsonExact: numbers, or digit strings beyond 2^53.
type VendorId = number | string;

interface VendorBrand {
  id: VendorId;
  name: string;
  brand_url: string;
  has_help_center: boolean;
}

interface VendorArticle {
  id: VendorId;
  title: string | null;
  body: string | null;
  html_url: string;
  locale: string;
  section_id: VendorId | null;
  user_segment_id: VendorId | null;
  draft: boolean;
  outdated: boolean;
  updated_at: string;
}

interface CursorPage {
  meta?: { has_more: boolean; after_cursor: string | null };
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
    const { brands } = await this.http.getJson<{ brands: VendorBrand[] }>(account, `${origin(account)}/api/v2/brands.json`);
    const helpCenters = brands
      .filter((brand) => brand.has_help_center && trustedBrandUrl(account, brand.brand_url))
      .map((brand) => ({ brandId: String(brand.id), name: vendorText.line(brand.name), baseUrl: brand.brand_url.replace(/\/+$/, '') }));
    // An account without brands data still has its own help center.
    return helpCenters.length > 0 ? helpCenters : [{ brandId: 'default', name: 'Help Center', baseUrl: origin(account) }];
  }

  async listLocales(account: ZendeskAccount, helpCenter: HelpCenter): Promise<string[]> {
    const { locales } = await this.http.getJson<{ locales: string[] }>(account, `${helpCenter.baseUrl}/api/v2/help_center/locales.json`);
    return locales.map((locale) => vendorText.code(locale).toLowerCase());
  }

  async listSections(account: ZendeskAccount, helpCenter: HelpCenter, locales: string[]): Promise<Map<string, HelpCenterSection>> {
    const sections = new Map<string, HelpCenterSection>();
    for (const locale of locales) {
      const categories = new Map<string, string>();
      for await (const category of this.everyItem<{ id: VendorId; name: string }>(account, `${helpCenter.baseUrl}/api/v2/help_center/${locale}/categories.json`, 'categories')) {
        categories.set(String(category.id), vendorText.line(category.name));
      }
      const url = `${helpCenter.baseUrl}/api/v2/help_center/${locale}/sections.json`;
      for await (const section of this.everyItem<{ id: VendorId; name: string; category_id: VendorId }>(account, url, 'sections')) {
        const categoryName = categories.get(String(section.category_id)) ?? null;
        sections.set(String(section.id), { id: String(section.id), name: vendorText.line(section.name), categoryName });
      }
    }
    return sections;
  }

  async listStaffSegments(account: ZendeskAccount, helpCenter: HelpCenter): Promise<Set<string>> {
    const staff = new Set<string>();
    let url: string | null = `${helpCenter.baseUrl}/api/v2/help_center/user_segments.json`;
    while (url) {
      const page: { user_segments: { id: VendorId; user_type: string }[]; next_page: string | null } = await this.http.getJson(account, url);
      page.user_segments.filter((segment) => segment.user_type === 'staff').forEach((segment) => staff.add(String(segment.id)));
      url = page.next_page && this.sameHost(page.next_page, helpCenter);
    }
    return staff;
  }

  async listArticles(account: ZendeskAccount, helpCenter: HelpCenter, locale: string, cursor: string | null): Promise<ArticlesPage> {
    const url = new URL(`${helpCenter.baseUrl}/api/v2/help_center/${encodeURIComponent(locale)}/articles.json`);
    url.searchParams.set('page[size]', String(PAGE_SIZE));
    if (cursor) url.searchParams.set('page[after]', cursor);
    const page = await this.http.getJson<{ articles: VendorArticle[] } & CursorPage>(account, url.toString());
    return { articles: page.articles.map(toArticle), next: page.meta?.has_more ? page.meta.after_cursor : null };
  }

  async exportArticles(account: ZendeskAccount, helpCenter: HelpCenter, startTime: number, cursor: string | null): Promise<ArticleExportPage> {
    const url = cursor ? this.sameHost(cursor, helpCenter) : `${helpCenter.baseUrl}/api/v2/help_center/incremental/articles.json?start_time=${startTime}`;
    const page = await this.http.getJson<{ articles: VendorArticle[]; end_time: number; next_page: string | null }>(account, url);
    return { articles: page.articles.map(toArticle), endTime: page.end_time, next: page.next_page };
  }

  async fetchArticle(account: ZendeskAccount, helpCenter: HelpCenter, articleId: string, locale: string): Promise<HelpCenterArticle | null> {
    const url = `${helpCenter.baseUrl}/api/v2/help_center/${encodeURIComponent(locale)}/articles/${encodeURIComponent(articleId)}.json`;
    try {
      const { article } = await this.http.getJson<{ article: VendorArticle }>(account, url);
      return toArticle(article);
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

  private async *everyItem<T>(account: ZendeskAccount, firstUrl: string, key: string): AsyncGenerator<T> {
    let cursor: string | null = null;
    do {
      const url = new URL(firstUrl);
      url.searchParams.set('page[size]', String(PAGE_SIZE));
      if (cursor) url.searchParams.set('page[after]', cursor);
      const page = await this.http.getJson<Record<string, T[]> & CursorPage>(account, url.toString());
      yield* page[key] ?? [];
      cursor = page.meta?.has_more ? page.meta.after_cursor : null;
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

function toArticle(article: VendorArticle): HelpCenterArticle {
  return {
    id: String(article.id),
    title: vendorText.line(article.title),
    bodyHtml: vendorText.articleBody(article.body),
    url: vendorText.url(article.html_url),
    locale: vendorText.code(article.locale).toLowerCase(),
    sectionId: article.section_id === null ? null : String(article.section_id),
    userSegmentId: article.user_segment_id === null ? null : String(article.user_segment_id),
    draft: article.draft,
    outdated: article.outdated ?? false,
    updatedAt: article.updated_at,
  };
}
