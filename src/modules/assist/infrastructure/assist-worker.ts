import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { JobQueue } from '../../../shared/queue/job-queue';
import { AssistJob } from '../domain/decision';
import { AssistPipelineService } from '../application/assist-pipeline.service';
import { ASSIST_QUEUE } from './postgres-assist-records';

// Every app instance works the shared queue; pg-boss hands each job to exactly one of them.
@Injectable()
export class AssistWorker implements OnApplicationBootstrap {
  constructor(
    private readonly queue: JobQueue,
    private readonly pipeline: AssistPipelineService,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.workerEnabled) return;
    await this.queue.work<AssistJob>(ASSIST_QUEUE, this.config.workerConcurrency, (job) => this.pipeline.process(job.data, job.isFinalAttempt));
  }
}
