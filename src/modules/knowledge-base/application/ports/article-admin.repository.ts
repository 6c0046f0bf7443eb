import { Page, PageRequest } from '../../../../shared/pagination/page';
import { ArticleVisibility, KnowledgeSource } from '../../domain/article';

// An article as the admin API lists it (no body, no chunks).
export interface ArticleSummary {
  id: string;
  externalId: string;
  locale: string;
  title: string;
  url: string;
  source: KnowledgeSource;
  visibility: ArticleVisibility;
  createdAt: Date;
  updatedAt: Date;
}

// One article as the admin API shows it: the summary, its Help Center metadata and the outline of its chunks
// (no body, no chunk text, no vectors).
export interface ArticleDetail extends ArticleSummary {
  brandId: string | null;
  sectionName: string | null;
  categoryName: string | null;
  chunkCount: number;
  // In reading order; a long section gives several chunks under one heading, text before any heading none.
  chunks: { ordinal: number; heading: string | null }[];
}

// How many articles the organization has from one source in one locale.
export interface ArticleCount {
  source: ArticleSummary['source'];
  locale: string;
  articles: number;
}

export interface ArticleFilter {
  locale?: string;
  source?: ArticleSummary['source'];
}

// One article's text and Help Center metadata: what editing it, and re-syncing it as the sync would, need.
export interface ArticleSource {
  id: string;
  externalId: string;
  locale: string;
  title: string;
  bodyHtml: string;
  url: string;
  source: ArticleSummary['source'];
  brandId: string | null;
  sectionName: string | null;
  categoryName: string | null;
  visibility: ArticleVisibility;
}

// The admin API's (and the training page's) view of single articles; ingestion and retrieval are KnowledgeRepository's.
export abstract class ArticleAdminRepository {
  // Newest first.
  abstract listArticles(organizationId: string, filter: ArticleFilter, page: PageRequest): Promise<Page<ArticleSummary>>;

  abstract findArticle(organizationId: string, articleId: string): Promise<ArticleDetail | null>;

  // By source, then locale.
  abstract countArticles(organizationId: string): Promise<ArticleCount[]>;

  abstract findArticleSource(organizationId: string, articleId: string): Promise<ArticleSource | null>;

  // Removes an article uploaded through the admin API, with its chunks, in one statement; false when the
  // organization has no such article (none, or one synced from the Help Center).
  abstract deleteUploadedArticle(organizationId: string, articleId: string): Promise<boolean>;
}
