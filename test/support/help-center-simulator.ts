import { isoSeconds, MAX_PAGE_SIZE, notFound, paginate, Reply } from './simulator-http';

// The Zendesk Guide half of the simulator: brands, sections in categories, user segments and articles per
// locale, their lists, the incremental export, one article, and article translation edits.

export interface SimArticle {
  id: number;
  title: string;
  body: string;
  html_url: string;
  locale: string;
  section_id: number;
  user_segment_id: number | null;
  draft: boolean;
  outdated: boolean;
  updated_at: string;
  // Which help center (brand) holds it.
  brand_id: number;
}

export interface SimBrand {
  id: number;
  name: string;
  // Our stand-in for https://<brand>.zendesk.com: the same server under a path prefix.
  brand_url: string;
  has_help_center: boolean;
}

export class HelpCenterSimulator {
  readonly defaultBrandId: number;
  private readonly articles: SimArticle[] = [];
  private readonly brands: SimBrand[] = [];
  private readonly sections: { id: number; name: string; category_name: string; locale: string; brand_id: number }[] = [];
  private readonly userSegments: { id: number; name: string; user_type: string }[] = [];
  private articleWritesDenied = false;

  constructor(
    private readonly baseUrl: string,
    private readonly nextId: () => number,
  ) {
    this.defaultBrandId = nextId();
    this.brands.push({ id: this.defaultBrandId, name: 'Default', brand_url: baseUrl, has_help_center: true });
  }

  addBrand(name: string): SimBrand {
    const id = this.nextId();
    const brand = { id, name, brand_url: `${this.baseUrl}/brands/${id}`, has_help_center: true };
    this.brands.push(brand);
    return { ...brand };
  }

  addSection(input: { name: string; categoryName: string; locale?: string; brandId?: number }): number {
    const id = this.nextId();
    this.sections.push({ id, name: input.name, category_name: input.categoryName, locale: input.locale ?? 'en-us', brand_id: input.brandId ?? this.defaultBrandId });
    return id;
  }

  addUserSegment(input: { name: string; userType: 'signed_in_users' | 'staff' }): number {
    const id = this.nextId();
    this.userSegments.push({ id, name: input.name, user_type: input.userType });
    return id;
  }

  addArticle(input: {
    title: string;
    body: string;
    locale?: string;
    section_id?: number;
    user_segment_id?: number | null;
    draft?: boolean;
    outdated?: boolean;
    brandId?: number;
    id?: number;
  }): SimArticle {
    const id = input.id ?? this.nextId();
    const locale = input.locale ?? 'en-us';
    const article: SimArticle = {
      id,
      title: input.title,
      body: input.body,
      html_url: `${this.baseUrl}/hc/${locale}/articles/${id}`,
      locale,
      section_id: input.section_id ?? 0,
      user_segment_id: input.user_segment_id ?? null,
      draft: input.draft ?? false,
      outdated: input.outdated ?? false,
      updated_at: isoSeconds(Date.now() / 1000),
      brand_id: input.brandId ?? this.defaultBrandId,
    };
    this.articles.push(article);
    return { ...article };
  }

  // A copy of one translation as Guide holds it now.
  getArticle(id: number, locale: string): SimArticle {
    return { ...this.mustFind(id, locale) };
  }

  // Edits bump updated_at, as in Zendesk, so the incremental export returns the article again.
  updateArticle(id: number, locale: string, changes: Partial<Pick<SimArticle, 'title' | 'body' | 'draft' | 'outdated'>>): void {
    const article = this.mustFind(id, locale);
    Object.assign(article, changes, { updated_at: isoSeconds(Math.max(Date.now() / 1000, Date.parse(article.updated_at) / 1000 + 1)) });
  }

  // Archived or deleted articles vanish from every list, the incremental export included.
  removeArticle(id: number): void {
    for (let i = this.articles.length - 1; i >= 0; i--) if (this.articles[i].id === id) this.articles.splice(i, 1);
  }

  // As when the API token's user is an agent without Guide management permission: every article edit is a 403.
  denyArticleWrites(denied = true): void {
    this.articleWritesDenied = denied;
  }

  listBrands(): Reply {
    return { status: 200, body: { brands: this.brands, count: this.brands.length } };
  }

  // `path` below the brand's host: /api/v2/help_center/…
  route(brandId: number, method: string, path: string, url: URL, body: Record<string, any>): Reply {
    const articles = this.articles.filter((a) => a.brand_id === brandId);
    const translation = /^\/api\/v2\/help_center\/articles\/(\d+)\/translations\/([\w-]+)\.json$/.exec(path);
    if (method === 'PUT' && translation) return this.updateTranslation(articles, Number(translation[1]), translation[2], body.translation ?? {});
    if (method !== 'GET') return notFound('InvalidEndpoint');
    const single = /^\/api\/v2\/help_center\/([\w-]+)\/articles\/(\d+)\.json$/.exec(path);
    if (single) {
      const article = articles.find((a) => a.id === Number(single[2]) && a.locale === single[1]);
      return article ? { status: 200, body: { article } } : notFound();
    }
    if (path === '/api/v2/help_center/locales.json') {
      const locales = [...new Set(articles.map((a) => a.locale))].sort();
      return { status: 200, body: { locales: locales.length ? locales : ['en-us'], default_locale: 'en-us' } };
    }
    if (path === '/api/v2/help_center/user_segments.json') return { status: 200, body: { user_segments: this.userSegments, next_page: null } };
    if (path === '/api/v2/help_center/incremental/articles.json') return this.exportArticles(articles, url);
    const listPath = /^\/api\/v2\/help_center\/(?:([\w-]+)\/)?(articles|sections|categories)\.json$/.exec(path);
    if (!listPath) return notFound('InvalidEndpoint');
    const [, locale, kind] = listPath;
    if (kind === 'articles') {
      const { items, ...page } = paginate(articles.filter((a) => !locale || a.locale === locale), url, MAX_PAGE_SIZE, this.baseUrl);
      return { status: 200, body: { articles: items, ...page } };
    }
    const sections = this.sections.filter((s) => s.brand_id === brandId && (!locale || s.locale === locale));
    if (kind === 'sections') {
      const views = sections.map(({ id, name, locale: l }) => ({ id, name, locale: l, category_id: categoryId(id) }));
      const { items, ...page } = paginate(views, url, MAX_PAGE_SIZE, this.baseUrl);
      return { status: 200, body: { sections: items, ...page } };
    }
    const categories = [...new Map(sections.map((s) => [categoryId(s.id), { id: categoryId(s.id), name: s.category_name, locale: s.locale }])).values()];
    const { items, ...page } = paginate(categories, url, MAX_PAGE_SIZE, this.baseUrl);
    return { status: 200, body: { categories: items, ...page } };
  }

  // Incremental export: everything changed at or after start_time, oldest first, about 1,000 a page. Like
  // Zendesk's time-based exports, a page never splits one second: articles sharing the last one all come in it.
  private exportArticles(articles: SimArticle[], url: URL): Reply {
    const startTime = Number(url.searchParams.get('start_time') ?? 0);
    const perPage = Math.min(Number(url.searchParams.get('per_page')) || 1000, 1000);
    const changed = articles
      .filter((a) => Date.parse(a.updated_at) / 1000 >= startTime)
      .sort((a, b) => Date.parse(a.updated_at) - Date.parse(b.updated_at) || a.id - b.id);
    let size = Math.min(perPage, changed.length);
    while (size < changed.length && changed[size].updated_at === changed[size - 1].updated_at) size++;
    const page = changed.slice(0, size);
    const endTime = page.length ? Date.parse(page[page.length - 1].updated_at) / 1000 : startTime;
    const more = changed.length > size;
    const next = new URL(url.pathname, this.baseUrl);
    next.searchParams.set('start_time', String(endTime + 1));
    next.searchParams.set('per_page', String(perPage));
    return { status: 200, body: { articles: page, count: page.length, end_time: endTime, next_page: more ? next.toString() : null } };
  }

  // As Guide documents it: updated_at moves only when the title or body really change.
  private updateTranslation(articles: SimArticle[], id: number, locale: string, changes: { title?: unknown; body?: unknown }): Reply {
    if (this.articleWritesDenied) {
      return { status: 403, body: { error: 'Forbidden', description: 'You do not have access to this page. Please contact the account owner of this help desk for further help.' } };
    }
    const article = articles.find((a) => a.id === id && a.locale === locale);
    if (!article) return notFound();
    const edit = {
      ...(typeof changes.title === 'string' ? { title: changes.title } : {}),
      ...(typeof changes.body === 'string' ? { body: changes.body } : {}),
    };
    if ((edit.title ?? article.title) !== article.title || (edit.body ?? article.body) !== article.body) this.updateArticle(id, locale, edit);
    const { id: sourceId, title, body, html_url, draft, outdated, updated_at } = article;
    return { status: 200, body: { translation: { id: sourceId * 10, locale, title, body, html_url, draft, outdated, updated_at, source_id: sourceId, source_type: 'article' } } };
  }

  private mustFind(id: number, locale: string): SimArticle {
    const article = this.articles.find((a) => a.id === id && a.locale === locale);
    if (!article) throw new Error(`Simulator has no article ${id} (${locale})`);
    return article;
  }
}

// Every section sits in a category of its own id + 1,000,000: enough for names to show up in notes.
const categoryId = (sectionId: number) => sectionId + 1_000_000;
