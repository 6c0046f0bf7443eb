import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../../../config/app-config';
import { JobQueue } from '../../../shared/queue/job-queue';
import { SyncRunsService } from '../application/sync-runs.service';
import { HELP_CENTER_SYNC_QUEUE, HelpCenterSyncJob } from './postgres-sync-records';

const SCHEDULER = 'help-center-sync';
const RECLAIMER = 'help-center-sync-reclaim';
const RECLAIM_SECONDS = 10;

// Works the sync queue (one sync at a time per instance) and, every tick, queues the organizations whose
// interval has passed. Every instance may tick: the queue keeps one waiting sync per organization. At start
// and every few seconds it also fails the runs of processes that died, which would block their organization's
// queue until pg-boss expired their job.
@Injectable()
export class HelpCenterSyncWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HelpCenterSyncWorker.name);

  constructor(
    private readonly queue: JobQueue,
    private readonly runs: SyncRunsService,
    private readonly scheduler: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.workerEnabled) return;
    await this.reclaim();
    this.scheduler.addInterval(RECLAIMER, setInterval(() => void this.reclaim(), RECLAIM_SECONDS * 1000));
    await this.queue.work<HelpCenterSyncJob>(HELP_CENTER_SYNC_QUEUE, 1, (job) => this.runs.execute({ ...job.data, jobId: job.id }));
    if (this.config.syncSchedulerSeconds > 0) {
      this.scheduler.addInterval(SCHEDULER, setInterval(() => void this.tick(), this.config.syncSchedulerSeconds * 1000));
    }
  }

  onApplicationShutdown(): void {
    for (const name of [SCHEDULER, RECLAIMER]) if (this.scheduler.doesExist('interval', name)) this.scheduler.deleteInterval(name);
  }

  private async reclaim(): Promise<void> {
    try {
      await this.runs.reclaimAbandonedRuns();
    } catch (error) {
      this.logger.error(`Reclaiming abandoned help-center syncs failed: ${(error as Error).message}`);
    }
  }

  private async tick(): Promise<void> {
    try {
      await this.runs.queueDueSyncs();
    } catch (error) {
      this.logger.error(`Scheduling help-center syncs failed: ${(error as Error).message}`);
    }
  }
}
