import { DynamicModule, Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { Logger } from 'pino';
import { HealthController } from './health.controller';
import { LivenessProbe } from './liveness-probe';
import { metrics, Metrics } from './metrics';
import { MetricsController } from './metrics.controller';
import { QueueHealthIndicator } from './queue-health.indicator';

// Logs (pino, with request and job correlation ids), Prometheus metrics and health probes.
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: ObservabilityModule,
      imports: [
        // Nest's Logger writes through this root logger; the request logger is a pair of Fastify hooks
        // (request-logging.ts), so no route gets nestjs-pino's middleware.
        LoggerModule.forRoot({ pinoHttp: { logger }, forRoutes: [] }),
        // A failing probe is the answer, not an error to log at every poll.
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [{ provide: Metrics, useValue: metrics }, QueueHealthIndicator, LivenessProbe],
      exports: [Metrics],
    };
  }
}
