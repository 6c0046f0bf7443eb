import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Embedder } from '../../llm/application/ports/embedder';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { HelpCenterGateway } from '../../zendesk/application/ports/help-center-gateway';
import { ArticlesPage, HelpCenter, HelpCenterArticle, HelpCenterSection } from '../../zendesk/domain/help-center';
import { ZendeskError, ZendeskErrorCode } from '../../zendesk/domain/zendesk.error';
import { ZendeskAccount } from '../../zendesk/domain/ticket';
import { ArticleInput } from '../domain/article';
import { emptyCounts, FullPassProgress, SyncCounts, SyncError, SyncErrorCode, SyncProblem, SyncState } from '../domain/sync-run';
import { KnowledgeBaseService } from './knowledge-base.service';
import { SyncRecords } from './ports/sync-records';

// A full pass lists every article and removes the ones that vanished (archived, deleted, moved out of a
// locale); between full passes the incremental export brings only what changed.
const FULL_RECONCILIATION_HOURS = 24;
const MAX_PROBLEMS_KEPT = 200;

interface RunContext {
  runId: string;
  organizationId: string;
  account: ZendeskAccount;
  helpCenter: HelpCenter;
  sections: Map<string, HelpCenterSection>;
  staffSegments: Set<string>;
  counts: SyncCounts;
  problems: SyncProblem[];
  mode: 'full' | 'incremental';
}

// Zendesk Guide → knowledge base, for one organization, every brand's help center. Resumable: the cursor
// and any full pass in progress are saved after each page, so a restarted sync continues where it stopped.
@Injectable()
export class HelpCenterSyncService {
  private readonly logger = new Logger(HelpCenterSyncService.name);

  constructor(
    private readonly organizations: OrganizationsService,
    private readonly helpCenters: HelpCenterGateway,
    private readonly knowledgeBase: KnowledgeBaseService,
    private readonly records: SyncRecords,
    private readonly embedder: Embedder,
  ) {}

  async sync(runId: string, organizationId: string): Promise<{ counts: SyncCounts; problems: SyncProblem[]; mode: string }> {
    const organization = await this.organizations.get(organizationId);
    const account = await this.organizations.zendeskAccount(organization);
    const counts = emptyCounts();
    const problems: SyncProblem[] = [];
    const modes = new Set<string>();
    try {
      for (const helpCenter of await this.helpCenters.listHelpCenters(account)) {
        const state = (await this.records.getState(organizationId, helpCenter.brandId)) ?? { incrementalCursor: null, fullPass: null, lastFullPassAt: null };
        const mode = (await this.needsFullPass(organizationId, state)) ? 'full' : 'incremental';
        modes.add(mode);
        const context: RunContext = {
          runId,
          organizationId,
          account,
          helpCenter,
          sections: new Map(),
          staffSegments: await this.helpCenters.listStaffSegments(account, helpCenter),
          counts,
          problems,
          mode,
        };
        if (mode === 'full') await this.fullPass(context, state);
        else await this.incremental(context, state);
      }
    } finally {
      // Also when the sync failed: what it loaded so far is searched with every index meanwhile.
      await this.records.restoreTextIndexes();
    }
    if (counts.added + counts.updated + counts.removed > 0) await this.knowledgeBase.refreshStatistics();
    this.logger.log(`Organization ${organizationId}: help-center sync ${[...modes].join('+')}: ${JSON.stringify(counts)}`);
    return { counts, problems, mode: [...modes].join('+') };
  }

  private async needsFullPass(organizationId: string, state: SyncState): Promise<boolean> {
    if (state.incrementalCursor === null || state.fullPass !== null) return true;
    if (!state.lastFullPassAt || Date.now() - state.lastFullPassAt.getTime() > FULL_RECONCILIATION_HOURS * 3600_000) return true;
    // EMBEDDING_MODEL changed: every article must be embedded again.
    return this.records.hasVectorsOfOtherModels(organizationId, this.embedder.model);
  }

  private async fullPass(context: RunContext, state: SyncState): Promise<void> {
    const { account, helpCenter, organizationId } = context;
    if (state.fullPass === null) await this.records.deferTextIndexesIfEmpty();
    const pass: FullPassProgress = state.fullPass ?? {
      passId: randomUUID(),
      startedAt: Math.floor(Date.now() / 1000),
      locales: await this.helpCenters.listLocales(account, helpCenter),
      localeIndex: 0,
      cursor: null,
    };
    context.sections = await this.helpCenters.listSections(account, helpCenter, pass.locales);
    for (let i = pass.localeIndex; i < pass.locales.length; i++) {
      let cursor = i === pass.localeIndex ? pass.cursor : null;
      const pagesRead = new Set<string | null>([cursor]);
      do {
        const page = await this.helpCenters.listArticles(account, helpCenter, pass.locales[i], cursor);
        // A next page already read would list the same articles again, forever; nor may the pass end there and
        // remove the articles it never reached. The run fails, its cursor on the last page that moved on.
        if (page.next !== null && pagesRead.has(page.next)) {
          throw new ZendeskError(
            ZendeskErrorCode.Rejected,
            `Zendesk GET /api/v2/help_center/${pass.locales[i]}/articles.json: malformed answer: its next page is one already read (${page.next})`,
          );
        }
        pagesRead.add(page.next);
        await this.apply(context, page, pass.passId, pass.locales[i]);
        cursor = page.next;
        await this.saveState(context, { ...state, fullPass: { ...pass, localeIndex: i, cursor } });
      } while (cursor);
      if (i + 1 < pass.locales.length) {
        await this.saveState(context, { ...state, fullPass: { ...pass, localeIndex: i + 1, cursor: null } });
      }
    }
    context.counts.removed += await this.records.removeArticlesNotSeen(organizationId, helpCenter.brandId, pass.passId);
    await this.saveState(context, { incrementalCursor: pass.startedAt, fullPass: null, lastFullPassAt: new Date() });
  }

  private async incremental(context: RunContext, state: SyncState): Promise<void> {
    const { account, helpCenter, organizationId } = context;
    let cursor: string | null = null;
    let startTime = state.incrementalCursor!;
    const pagesRead = new Set<string>();
    do {
      const page = await this.helpCenters.exportArticles(account, helpCenter, startTime, cursor);
      if (context.sections.size === 0 && page.articles.length > 0) {
        context.sections = await this.helpCenters.listSections(account, helpCenter, [...new Set(page.articles.map((a) => a.locale))]);
      }
      await this.apply(context, page, context.runId, null);
      // A next page already read would return the same articles again, forever: stop, and let the next
      // sync continue from the saved point.
      cursor = page.next && !pagesRead.has(page.next) ? page.next : null;
      if (page.next && !cursor) this.logger.warn(`Organization ${organizationId}: the incremental export did not advance past ${page.endTime}`);
      if (cursor) pagesRead.add(cursor);
      startTime = page.endTime;
      await this.saveState(context, { ...state, incrementalCursor: page.endTime });
    } while (cursor);
  }

  // A run failed as abandoned while it still worked (its claim connection was lost) stops at its next page
  // and never moves the saved point, which the organization's next run may own already.
  private async saveState(context: RunContext, state: SyncState): Promise<void> {
    if (!(await this.records.saveState(context.runId, context.organizationId, context.helpCenter.brandId, state))) {
      throw new SyncError(SyncErrorCode.RunAbandoned, `Sync run ${context.runId} was failed as abandoned; it stops here`);
    }
  }

  // Drafts and outdated articles leave the knowledge base; the rest go through the one ingestion path.
  // An article Zendesk listed unreadable is skipped and reported with the locale it was listed in (the full
  // pass's; none for the export, which lists every locale). Its copy stored from an earlier sync, if any, stays
  // as it was: the full pass counts it as seen rather than removing it for an answer it could not read.
  private async apply(context: RunContext, { articles, malformed }: ArticlesPage, seenBy: string, listedLocale: string | null): Promise<void> {
    const { counts, organizationId, helpCenter } = context;
    counts.fetched += articles.length + malformed.length;
    counts.skipped += malformed.length;
    for (const { id, reason } of malformed) {
      this.logger.warn(`Organization ${organizationId}: Zendesk article ${id ?? '(no id)'} skipped: ${reason}`);
      this.keepProblem(context, { articleId: id ?? '', locale: listedLocale ?? '', reason: 'malformed_article', detail: reason });
    }
    if (listedLocale !== null) {
      const ids = malformed.flatMap(({ id }) => (id === null ? [] : [id]));
      await this.records.keepArticlesSeen(organizationId, helpCenter.brandId, seenBy, ids, listedLocale);
    }
    const retired = articles.filter((article) => article.draft || article.outdated);
    for (const article of retired) {
      if (await this.records.removeArticle(organizationId, helpCenter.brandId, article.id, article.locale)) counts.removed++;
    }
    const published = articles.filter((article) => !article.draft && !article.outdated).map((article) => toArticleInput(article, context));
    const summary = await this.knowledgeBase.upsertArticles(organizationId, published, { runId: seenBy });
    counts.added += summary.added;
    counts.updated += summary.updated;
    counts.unchanged += summary.unchanged;
    counts.embedded += summary.embedded;
    counts.skipped += summary.skipped;
    for (const problem of summary.problems) {
      this.keepProblem(context, { articleId: problem.externalId, locale: problem.locale, reason: problem.reason, ...(problem.detail ? { detail: problem.detail } : {}) });
    }
    await this.records.recordProgress(context.runId, context.mode, counts);
  }

  private keepProblem(context: RunContext, problem: SyncProblem): void {
    if (context.problems.length < MAX_PROBLEMS_KEPT) context.problems.push(problem);
  }
}

function toArticleInput(article: HelpCenterArticle, context: RunContext): ArticleInput {
  const section = article.sectionId ? context.sections.get(article.sectionId) : undefined;
  const visibility = article.userSegmentId === null ? 'public' : context.staffSegments.has(article.userSegmentId) ? 'internal' : 'restricted';
  return {
    externalId: article.id,
    title: article.title,
    bodyHtml: article.bodyHtml,
    url: article.url,
    locale: article.locale,
    brandId: context.helpCenter.brandId,
    sectionName: section?.name ?? null,
    categoryName: section?.categoryName ?? null,
    visibility,
    sourceUpdatedAt: article.updatedAt,
  };
}
