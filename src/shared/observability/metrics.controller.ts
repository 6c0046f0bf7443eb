import { Controller, Get, Header, Logger } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { prometheusContentType } from 'prom-client';
import { JobQueue } from '../queue/job-queue';
import { Metrics } from './metrics';

// Prometheus text format, unauthenticated like the probes: keep it on the internal network.
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  private readonly logger = new Logger(MetricsController.name);

  constructor(
    private readonly metrics: Metrics,
    private readonly queue: JobQueue,
  ) {}

  @Get()
  @Header('Content-Type', prometheusContentType)
  @Header('Cache-Control', 'no-store')
  async scrape(): Promise<string> {
    // A database outage must not take the metrics down with it: then the queue depth is left out.
    try {
      this.metrics.setQueueDepth(await this.queue.countJobs());
    } catch (error) {
      this.metrics.setQueueDepth([]);
      this.logger.warn(`Queue depth unavailable: ${(error as Error).message}`);
    }
    return this.metrics.render();
  }
}
