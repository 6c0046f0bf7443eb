import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ApiTags } from '@nestjs/swagger';
import { FastifyReply as Response } from 'fastify';
import { QueueHealthIndicator } from './queue-health.indicator';

const DATABASE_TIMEOUT_MS = 3000;

// The readiness probe, unauthenticated (@nestjs/terminus): 200 when this instance can reach its database and its
// queue, 503 with the failing checks when it cannot. The liveness probe is liveness-probe.ts.
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly queue: QueueHealthIndicator,
  ) {}

  @Get('ready')
  @HealthCheck()
  async ready(@Res({ passthrough: true }) response: Response): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        () => this.database.pingCheck('database', { timeout: DATABASE_TIMEOUT_MS }),
        () => this.queue.isHealthy('queue'),
      ]);
    } catch (error) {
      // Terminus reports a failed check as a 503 carrying the report: answered as is, not as a problem+json.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(error.getStatus());
      return error.getResponse() as HealthCheckResult;
    }
  }
}
