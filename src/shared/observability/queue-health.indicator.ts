import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { JobQueue } from '../queue/job-queue';
import { QueueDepth } from './metrics';

const CHECK_TIMEOUT_MS = 3000;

// The queue is up when pg-boss answers: reported with each queue's waiting and active jobs, what an operator
// looks at when a probe fails.
@Injectable()
export class QueueHealthIndicator {
  constructor(
    private readonly queue: JobQueue,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async isHealthy(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    });
    try {
      return indicator.up({ jobs: waitingAndActive(await Promise.race([this.queue.countJobs(), timeout])) });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }
}

// `{ "assist-ticket": { waiting: 3, active: 1 } }`
function waitingAndActive(depths: QueueDepth[]): Record<string, { waiting: number; active: number }> {
  const jobs: Record<string, { waiting: number; active: number }> = {};
  for (const { queue, state, count } of depths) {
    jobs[queue] ??= { waiting: 0, active: 0 };
    jobs[queue][state === 'active' ? 'active' : 'waiting'] += count;
  }
  return jobs;
}
