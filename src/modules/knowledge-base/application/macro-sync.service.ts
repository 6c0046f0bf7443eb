import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { MacroGateway } from '../../zendesk/application/ports/macro-gateway';
import { MacrosPage } from '../../zendesk/domain/macro';
import { ZendeskError, ZendeskErrorCode } from '../../zendesk/domain/zendesk.error';
import { DEFAULT_MACRO_LOCALE, macroArticle, macroExclusion } from '../domain/macro-knowledge';
import { emptyMacroCounts, MacroSyncCounts, SyncCounts, SyncError, SyncErrorCode, SyncProblem } from '../domain/sync-run';
import { KnowledgeBaseService } from './knowledge-base.service';
import { MacroPass, MacroSyncRecords } from './ports/macro-sync-records';
import { SyncRecords } from './ports/sync-records';

const MAX_PROBLEMS_KEPT = 200;
const INGEST_OUTCOMES = ['added', 'updated', 'unchanged', 'embedded', 'skipped'] as const;

// The sync run the macros are synced in, beside the help center: its counts and problems are the run's.
export interface MacroSyncRun {
  runId: string;
  organizationId: string;
  mode: string;
  counts: SyncCounts;
  problems: SyncProblem[];
}

// Zendesk macros → knowledge base, in every sync run of an organization that turned them on (macrosEnabled).
// Zendesk has no incremental export of macros, so every run is a full pass: every active macro listed and marked
// with the pass id, the ones not marked removed at its end; unchanged macros cost no embedding (content hash).
// Resumable: the cursor is saved after each page, so a restarted sync continues where it stopped.
@Injectable()
export class MacroSyncService {
  private readonly logger = new Logger(MacroSyncService.name);

  constructor(
    private readonly organizations: OrganizationsService,
    private readonly macros: MacroGateway,
    private readonly knowledgeBase: KnowledgeBaseService,
    private readonly records: MacroSyncRecords,
    private readonly syncRecords: SyncRecords,
  ) {}

  async sync(run: MacroSyncRun): Promise<MacroSyncCounts> {
    const { organizationId } = run;
    const organization = await this.organizations.get(organizationId);
    const counts = emptyMacroCounts();
    if (organization.settings.macrosEnabled) {
      run.counts.macros = counts;
      const account = await this.organizations.zendeskAccount(organization);
      // Macros have no locale: they are taken to be in the language most of the help center is in.
      const locale = (await this.records.helpCenterLocale(organizationId)) ?? DEFAULT_MACRO_LOCALE;
      const pass: MacroPass = (await this.records.getPass(organizationId)) ?? { passId: randomUUID(), cursor: null };
      let cursor = pass.cursor;
      const pagesRead = new Set<string | null>([cursor]);
      do {
        const page = await this.macros.listActiveMacros(account, cursor);
        // A next page already read would list the same macros again, forever; nor may the pass end there and
        // remove the macros it never reached. The run fails, its cursor on the last page that moved on.
        if (page.next !== null && pagesRead.has(page.next)) {
          throw new ZendeskError(ZendeskErrorCode.Rejected, `Zendesk GET /api/v2/macros/active.json: malformed answer: its next page is one already read (${page.next})`);
        }
        pagesRead.add(page.next);
        await this.apply(run, counts, page, { passId: pass.passId, locale, includeRestricted: organization.settings.macrosIncludeRestricted });
        cursor = page.next;
        await this.savePass(run, { passId: pass.passId, cursor });
      } while (cursor);
      counts.removed += await this.records.removeMacrosNotSeen(organizationId, pass.passId);
    } else {
      // Turned off: the macros synced while it was on leave the knowledge base.
      counts.removed += await this.records.removeAllMacros(organizationId);
      // An organization that never turned macros on gets no macro counts (the console and the CLI show none).
      if (counts.removed > 0) run.counts.macros = counts;
    }
    await this.savePass(run, null);
    if (counts.added + counts.updated + counts.removed > 0) await this.knowledgeBase.refreshStatistics();
    this.logger.log(`Organization ${organizationId}: macro sync: ${JSON.stringify(counts)}`);
    return counts;
  }

  private async apply(run: MacroSyncRun, counts: MacroSyncCounts, { macros, malformed }: MacrosPage, pass: { passId: string; locale: string; includeRestricted: boolean }) {
    counts.fetched += macros.length + malformed.length;
    counts.skipped += malformed.length;
    // Excluded macros are not marked as seen: one that was in the knowledge base leaves it at the pass's end.
    const included = macros.filter((macro) => macroExclusion(macro, pass.includeRestricted) === null);
    counts.excluded += macros.length - included.length;
    const summary = await this.knowledgeBase.upsertArticles(
      run.organizationId,
      included.map((macro) => macroArticle(macro, pass.locale)),
      { runId: pass.passId },
    );
    for (const outcome of INGEST_OUTCOMES) counts[outcome] += summary[outcome];
    const problems: SyncProblem[] = [
      ...malformed.map(({ id, reason }) => ({ articleId: id ?? '', locale: pass.locale, reason: 'malformed_macro', detail: reason })),
      ...summary.problems.map(({ externalId, locale, reason, detail }) => ({ articleId: externalId, locale, reason, ...(detail ? { detail } : {}) })),
    ];
    run.problems.push(...problems.slice(0, Math.max(0, MAX_PROBLEMS_KEPT - run.problems.length)));
    await this.syncRecords.recordProgress(run.runId, run.mode, run.counts);
  }

  // A run failed as abandoned while it still worked stops here, and never moves the saved point.
  private async savePass(run: MacroSyncRun, pass: MacroPass | null): Promise<void> {
    if (!(await this.records.savePass(run.runId, run.organizationId, pass))) {
      throw new SyncError(SyncErrorCode.RunAbandoned, `Sync run ${run.runId} was failed as abandoned; it stops here`);
    }
  }
}
