import { Injectable, Logger } from '@nestjs/common';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { HelpCenterGateway } from '../../zendesk/application/ports/help-center-gateway';
import { HelpCenter, HelpCenterArticle } from '../../zendesk/domain/help-center';
import { ZendeskAccount } from '../../zendesk/domain/ticket';
import { ZendeskError, ZendeskErrorCode } from '../../zendesk/domain/zendesk.error';
import { ArticleFix, articleFixChanges, articleFixProblem, guideEditorUrl } from '../domain/guide-article';
import { KnowledgeError, KnowledgeErrorCode } from '../domain/knowledge.error';
import { KnowledgeBaseService } from './knowledge-base.service';
import { ArticleAdminRepository, ArticleSource } from './ports/article-admin.repository';
import { SyncRecords } from './ports/sync-records';

// An article as the training page edits it.
export type EditableArticle = Pick<ArticleSource, 'id' | 'externalId' | 'locale' | 'title' | 'bodyHtml' | 'url' | 'source'> & {
  // Zendesk Guide's editor for a help-center article; null for one uploaded through the admin API.
  editorUrl: string | null;
};

type HelpCenterArticleSource = ArticleSource & { brandId: string };

// "Fix the source article": publishes a corrected title and body to the article's Zendesk Guide translation,
// when the organization allows it, and takes Guide's answer into the knowledge base at once, as a sync would.
@Injectable()
export class GuideWriteBackService {
  private readonly logger = new Logger(GuideWriteBackService.name);

  constructor(
    private readonly organizations: OrganizationsService,
    private readonly helpCenters: HelpCenterGateway,
    private readonly knowledgeBase: KnowledgeBaseService,
    private readonly articles: ArticleAdminRepository,
    private readonly records: SyncRecords,
  ) {}

  // Whether the organization lets its reps publish article fixes to Guide (setting guideWriteBack).
  async isWriteBackEnabled(organizationId: string): Promise<boolean> {
    return (await this.organizations.get(organizationId)).settings.guideWriteBack;
  }

  // Null when the organization has no such article (any more).
  async findEditableArticle(organizationId: string, articleId: string): Promise<EditableArticle | null> {
    const article = await this.articles.findArticleSource(organizationId, articleId);
    return article && toEditable(article);
  }

  // `articleId` is the knowledge base's id; `actor` is who publishes, for the audit log. Returns the article as
  // the knowledge base now holds it, or null when Guide answered with a draft or outdated article (or none),
  // which the knowledge base then dropped as the sync does.
  async publishArticleFix(organizationId: string, articleId: string, submitted: ArticleFix, actor: string): Promise<EditableArticle | null> {
    const fix = { title: submitted.title.trim(), bodyHtml: submitted.bodyHtml };
    const organization = await this.organizations.get(organizationId);
    if (!organization.settings.guideWriteBack) {
      throw new KnowledgeError(KnowledgeErrorCode.GuideWriteBackDisabled, 'Publishing article fixes to Zendesk Guide is off for this organization (setting guideWriteBack)');
    }
    const article = await this.articles.findArticleSource(organizationId, articleId);
    if (!article) throw new KnowledgeError(KnowledgeErrorCode.ArticleNotFound, `Knowledge article ${articleId} not found`);
    if (!isFromHelpCenter(article)) {
      const origin = article.source === 'macro' ? 'is a Zendesk macro' : 'was uploaded through the admin API';
      throw new KnowledgeError(KnowledgeErrorCode.ArticleNotFromHelpCenter, `Article ${articleId} ("${article.title}") ${origin}: it has no Zendesk Guide article to publish to`);
    }
    const problem = articleFixProblem(fix);
    if (problem) throw new KnowledgeError(KnowledgeErrorCode.InvalidArticleFix, problem);

    const account = await this.organizations.zendeskAccount(organization);
    const helpCenter = await guideCall(() => this.findHelpCenter(account, article));
    await guideCall(() => this.helpCenters.updateArticleTranslation(account, helpCenter, article.externalId, article.locale, fix));
    await this.organizations.recordAudit(organizationId, actor, 'article.published', articleFixChanges(article, fix));
    this.logger.log(`Organization ${organizationId}: article ${article.externalId} (${article.locale}) published to Zendesk Guide by ${actor}`);
    try {
      return await this.resync(organizationId, article, await this.helpCenters.fetchArticle(account, helpCenter, article.externalId, article.locale));
    } catch (error) {
      // The fix is live in Guide; only the knowledge base lags, until the next sync.
      throw new KnowledgeError(
        KnowledgeErrorCode.GuideWriteFailed,
        `Published to Zendesk Guide, but the knowledge base could not take the change in now (the next sync will): ${(error as Error).message}`,
      );
    }
  }

  private async findHelpCenter(account: ZendeskAccount, article: HelpCenterArticleSource): Promise<HelpCenter> {
    const helpCenter = (await this.helpCenters.listHelpCenters(account)).find((candidate) => candidate.brandId === article.brandId);
    if (!helpCenter) {
      throw new KnowledgeError(KnowledgeErrorCode.GuideArticleGone, `Zendesk has no help center for brand ${article.brandId} any more; the next sync removes its articles here`);
    }
    return helpCenter;
  }

  // Guide's answer, applied as the sync applies an article: section, category and visibility as the last sync
  // stored them (a translation edit changes none of them).
  private async resync(organizationId: string, article: HelpCenterArticleSource, published: HelpCenterArticle | null): Promise<EditableArticle | null> {
    const { brandId, externalId, locale } = article;
    if (!published || published.draft || published.outdated) {
      await this.records.removeArticle(organizationId, brandId, externalId, locale);
      return null;
    }
    const { title, bodyHtml, url, updatedAt } = published;
    const { sectionName, categoryName, visibility } = article;
    await this.knowledgeBase.upsertArticles(organizationId, [
      { externalId, locale, title, bodyHtml, url, brandId, sectionName, categoryName, visibility, sourceUpdatedAt: updatedAt },
    ]);
    return this.findEditableArticle(organizationId, article.id);
  }
}

const isFromHelpCenter = (article: ArticleSource): article is HelpCenterArticleSource => article.source === 'help_center' && article.brandId !== null;

function toEditable({ id, externalId, locale, title, bodyHtml, url, source }: ArticleSource): EditableArticle {
  return { id, externalId, locale, title, bodyHtml, url, source, editorUrl: source === 'help_center' ? guideEditorUrl(url, externalId, locale) : null };
}

// Zendesk's refusals and failures as this module's errors, each saying what to do about it.
async function guideCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof ZendeskError)) throw error;
    if (error.code === ZendeskErrorCode.ArticleEditForbidden) throw new KnowledgeError(KnowledgeErrorCode.GuideWriteForbidden, error.message);
    if (error.code === ZendeskErrorCode.ArticleNotFound) {
      throw new KnowledgeError(KnowledgeErrorCode.GuideArticleGone, `${error.message}; the next full sync removes it here`);
    }
    throw new KnowledgeError(KnowledgeErrorCode.GuideWriteFailed, `Zendesk Guide could not be updated: ${error.message}`);
  }
}
