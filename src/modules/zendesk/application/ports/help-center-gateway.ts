import { ArticleExportPage, ArticlesPage, ArticleTranslation, HelpCenter, HelpCenterArticle, HelpCenterSection } from '../../domain/help-center';
import { ZendeskAccount } from '../../domain/ticket';

// Zendesk Guide for the knowledge-base sync (reads), and the one write: an article translation's title and body.
export abstract class HelpCenterGateway {
  abstract listHelpCenters(account: ZendeskAccount): Promise<HelpCenter[]>;
  abstract listLocales(account: ZendeskAccount, helpCenter: HelpCenter): Promise<string[]>;
  // Sections with their category names, every locale.
  abstract listSections(account: ZendeskAccount, helpCenter: HelpCenter, locales: string[]): Promise<Map<string, HelpCenterSection>>;
  // User segments restricted to agents (staff): articles behind them are internal.
  abstract listStaffSegments(account: ZendeskAccount, helpCenter: HelpCenter): Promise<Set<string>>;
  abstract listArticles(account: ZendeskAccount, helpCenter: HelpCenter, locale: string, cursor: string | null): Promise<ArticlesPage>;
  // Incremental export: articles changed since `startTime` (epoch seconds), or the page `cursor` points at.
  abstract exportArticles(account: ZendeskAccount, helpCenter: HelpCenter, startTime: number, cursor: string | null): Promise<ArticleExportPage>;
  // One article in one locale; null when Guide has no such article (404).
  abstract fetchArticle(account: ZendeskAccount, helpCenter: HelpCenter, articleId: string, locale: string): Promise<HelpCenterArticle | null>;
  // Replaces the translation's title and body. ZendeskError `zendesk_article_edit_forbidden` (403) or
  // `zendesk_article_not_found` (404) when Guide refuses.
  abstract updateArticleTranslation(account: ZendeskAccount, helpCenter: HelpCenter, articleId: string, locale: string, translation: ArticleTranslation): Promise<void>;
}
