import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../../../config/app-config';
import { JobQueue } from '../../../shared/queue/job-queue';
import { SyncRunsService } from '../application/sync-runs.service';
import { HELP_CENTER_SYNC_QUEUE, HelpCenterSyncJob } from './postgres-sync-records';

const SCHEDULER = 'help-center-sync';

// Works the sync queue (one sync at a time per instance) and, every tick, queues the organizations whose
// interval has passed. Every instance may tick: the queue keeps one waiting sync per organization.
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
    await this.queue.work<HelpCenterSyncJob>(HELP_CENTER_SYNC_QUEUE, 1, (job) =>
      this.runs.execute(job.data.runId, job.data.organizationId, job.data.trigger),
    );
    if (this.config.syncSchedulerSeconds > 0) {
      this.scheduler.addInterval(SCHEDULER, setInterval(() => void this.tick(), this.config.syncSchedulerSeconds * 1000));
    }
  }

  onApplicationShutdown(): void {
    if (this.scheduler.doesExist('interval', SCHEDULER)) this.scheduler.deleteInterval(SCHEDULER);
  }

  private async tick(): Promise<void> {
    try {
      await this.runs.queueDueSyncs();
    } catch (error) {
      this.logger.error(`Scheduling help-center syncs failed: ${(error as Error).message}`);
    }
  }
}
