import { DynamicModule, Global, Module, RequestMethod } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { Logger } from 'pino';
import { HealthController } from './health.controller';
import { httpLoggerOptions, QUIET_ROUTES } from './logger';
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
        LoggerModule.forRoot({
          pinoHttp: httpLoggerOptions(logger),
          // Path-to-regexp 8 syntax for "every route" (nestjs-pino's own default is the legacy `*`).
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          exclude: QUIET_ROUTES.map((path) => ({ path, method: RequestMethod.ALL })),
        }),
        // A failing probe is the answer, not an error to log at every poll.
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [{ provide: Metrics, useValue: metrics }, QueueHealthIndicator],
      exports: [Metrics],
    };
  }
}
