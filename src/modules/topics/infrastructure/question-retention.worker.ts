import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../../../config/app-config';
import { StoredQuestions } from '../application/ports/stored-questions';

const RETENTION = 'question-retention';

// On worker instances, at start and every QUESTION_RETENTION_SECONDS: erases the questions kept for the topic
// tester past their organization's retention. Several instances erasing at once delete the same rows; harmless.
@Injectable()
export class QuestionRetentionWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(QuestionRetentionWorker.name);

  constructor(
    private readonly questions: StoredQuestions,
    private readonly scheduler: SchedulerRegistry,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.workerEnabled || this.config.questionRetentionSeconds === 0) return;
    void this.erase();
    this.scheduler.addInterval(RETENTION, setInterval(() => void this.erase(), this.config.questionRetentionSeconds * 1000));
  }

  onApplicationShutdown(): void {
    if (this.scheduler.doesExist('interval', RETENTION)) this.scheduler.deleteInterval(RETENTION);
  }

  async erase(): Promise<void> {
    try {
      const erased = await this.questions.eraseExpired();
      if (erased > 0) this.logger.log(`Erased ${erased} stored questions past their organization's retention`);
    } catch (error) {
      this.logger.error(`Erasing stored questions failed: ${(error as Error).message}`);
    }
  }
}
