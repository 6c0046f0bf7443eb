import { Injectable, Logger } from '@nestjs/common';
import { Page, PageRequest } from '../../../shared/pagination/page';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { SyncError, SyncErrorCode, SyncRun, SyncTrigger } from '../domain/sync-run';
import { HelpCenterSyncService } from './help-center-sync.service';
import { MacroSyncService } from './macro-sync.service';
import { SyncRecords } from './ports/sync-records';
import { SolvedTicketSyncService } from './solved-ticket-sync.service';

const RUNS_LISTED = 20;

// Sync runs as the admin API, the CLI and the scheduler see them: queued, polled, executed by a worker.
@Injectable()
export class SyncRunsService {
  private readonly logger = new Logger(SyncRunsService.name);
  // Runs this process works on: never abandoned while it lives (the embedded database takes no claim locks).
  private readonly runningHere = new Set<string>();

  constructor(
    private readonly organizations: OrganizationsService,
    private readonly records: SyncRecords,
    private readonly sync: HelpCenterSyncService,
    private readonly macroSync: MacroSyncService,
    private readonly solvedTickets: SolvedTicketSyncService,
  ) {}

  async request(organizationId: string, trigger: SyncTrigger): Promise<SyncRun> {
    await this.organizations.get(organizationId);
    return this.records.queueRun(organizationId, trigger);
  }

  async get(organizationId: string, runId: string): Promise<SyncRun> {
    await this.organizations.get(organizationId);
    const run = await this.records.findRun(organizationId, runId);
    if (!run) throw new SyncError(SyncErrorCode.RunNotFound, `Sync run ${runId} not found`);
    return run;
  }

  async list(organizationId: string, page: PageRequest = { limit: RUNS_LISTED }): Promise<Page<SyncRun>> {
    await this.organizations.get(organizationId);
    return this.records.listRuns(organizationId, page);
  }

  // A failure is recorded on the run with its reason; the knowledge base keeps what it had. The run is
  // claimed for as long as it runs, so that no instance takes this process for dead.
  async execute(job: { runId: string; organizationId: string; trigger: SyncTrigger; jobId: string }): Promise<void> {
    const { runId, organizationId } = job;
    this.runningHere.add(runId);
    try {
      const claim = await this.records.claimRun(runId);
      try {
        await this.records.startRun(job);
        await this.run(runId, organizationId);
      } finally {
        await claim.release();
      }
    } finally {
      this.runningHere.delete(runId);
    }
  }

  private async run(runId: string, organizationId: string): Promise<void> {
    try {
      const { counts, problems, mode } = await this.sync.sync(runId, organizationId);
      // The account's macros, in the same run, after the help center (their locale follows its articles').
      await this.macroSync.sync({ runId, organizationId, mode, counts, problems });
      const solvedTickets = await this.solvedTickets.sync(runId, organizationId);
      await this.records.finishRun(runId, 'succeeded', solvedTickets ? { ...counts, solvedTickets } : counts, problems, null);
    } catch (error) {
      this.logger.error(`Organization ${organizationId}: help-center sync ${runId} failed: ${(error as Error).message}`);
      const run = await this.records.findRun(organizationId, runId);
      await this.records.finishRun(runId, 'failed', run!.counts, run!.problems, (error as Error).message);
    }
  }

  // Runs left 'running' by a process that died (killed, crashed) fail, and free their organization's queue;
  // the saved cursor makes the next sync continue where they stopped.
  async reclaimAbandonedRuns(): Promise<number> {
    const abandoned = await this.records.reclaimAbandonedRuns([...this.runningHere]);
    for (const run of abandoned) this.logger.warn(`Organization ${run.organizationId}: help-center sync ${run.id} was abandoned by a process that stopped`);
    return abandoned.length;
  }

  async queueDueSyncs(): Promise<number> {
    const due = await this.records.organizationsDueForSync();
    for (const organizationId of due) await this.records.queueRun(organizationId, 'schedule');
    return due.length;
  }
}
