import { ArticleExportPage, ArticlesPage, HelpCenter, HelpCenterSection } from '../../domain/help-center';
import { ZendeskAccount } from '../../domain/ticket';

// Read-only access to Zendesk Guide for the knowledge-base sync.
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
}
