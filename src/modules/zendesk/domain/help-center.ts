import { MalformedItem } from './malformed-item';

// Our view of Zendesk Guide: one help center per brand that has one.
export interface HelpCenter {
  brandId: string;
  name: string;
  baseUrl: string;
}

export interface HelpCenterArticle {
  id: string;
  title: string;
  bodyHtml: string;
  url: string;
  locale: string;
  sectionId: string | null;
  // null: everyone may read it; UNKNOWN_USER_SEGMENT: Zendesk did not say (read as restricted to some segment).
  userSegmentId: string | null;
  draft: boolean;
  outdated: boolean;
  updatedAt: string | null;
}

export const UNKNOWN_USER_SEGMENT = 'unknown';

// What an edit of one article translation sets.
export interface ArticleTranslation {
  title: string;
  bodyHtml: string;
}

export interface HelpCenterSection {
  id: string;
  name: string;
  categoryName: string | null;
}

export interface ArticlesPage {
  articles: HelpCenterArticle[];
  // Listed, but not readable as an article: left out of `articles`.
  malformed: MalformedItem[];
  // Opaque: hand it back for the next page; null on the last one.
  next: string | null;
}

export interface ArticleExportPage extends ArticlesPage {
  // Epoch seconds: where the next incremental export starts once this page is applied.
  endTime: number;
}
