import { INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { dirname, join } from 'node:path';
import cookieParser from 'cookie-parser';
import { NextFunction, Request, Response, urlencoded } from 'express';
import { Logger as JsonLogger } from 'nestjs-pino';
import { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { httpStatusByErrorCode } from './http-status-by-error-code';
import { adminAuthentication } from './modules/organizations/api/admin-authentication.middleware';
import { AdminAuthService } from './modules/organizations/application/admin-auth.service';
import { GRAPHQL_BODY_LIMIT, refuseOversizedGraphQLBody, refuseOversizedOperation } from './shared/graphql/graphql-limits';
import { apiResponseHeaders } from './shared/http/api-headers';
import { boundedJson, boundedRaw } from './shared/http/bounded-body';
import { ProblemDetailsFilter } from './shared/http/problem-details.filter';
import { createValidationPipe } from './shared/http/validation';
import { createRootLogger, prettyLogStream, QUIET_ROUTES, requestId } from './shared/observability/logger';
import { pageSecurityHeaders } from './shared/web/security-headers';

const WEBHOOK_BODY_LIMIT = '1mb';
const ADMIN_BODY_LIMIT = '10mb';

export interface CreateAppOptions {
  // false: nothing is logged at all (tests, tools).
  logger?: false;
  // Where the JSON log lines go instead of stdout (always JSON, whatever LOG_FORMAT says).
  logDestination?: DestinationStream;
}

// Shared by main.ts, the tests, the demo and the benchmarks: the same app every time.
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<INestApplication> {
  const quiet = options.logger === false;
  const pretty = !quiet && !options.logDestination && config.logFormat === 'pretty';
  const destination = pretty ? prettyLogStream() : options.logDestination;
  const rootLogger = createRootLogger({ level: quiet ? 'silent' : config.logLevel, destination });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, rootLogger), {
    bodyParser: false,
    logger: options.logger,
    bufferLogs: !quiet,
  });
  // Every Nest Logger call, ours and the framework's, becomes a pino entry (a JSON line unless pretty).
  if (!quiet) app.useLogger(app.get(JsonLogger));
  // No framework named to whoever asks; API answers neither sniffed nor cached (api-headers.ts).
  app.disable('x-powered-by');
  // The quiet routes skip the request logger (logger.ts) but keep their request id.
  app.use(QUIET_ROUTES.map((route) => `/${route}`), (req: Request, res: Response, next: NextFunction) => (requestId(req, res), next()));
  app.use(['/admin', '/graphql', '/webhooks'], apiResponseHeaders());
  // Webhooks keep their raw bytes: the signature covers them exactly as sent.
  app.use('/webhooks', boundedRaw(WEBHOOK_BODY_LIMIT));
  // GraphQL refuses what it will not run before reading it, then before parsing it (graphql-limits.ts); the admin
  // API reads no body from a caller without a token either.
  const authentication = adminAuthentication(app.get(AdminAuthService));
  app.use('/graphql', refuseOversizedGraphQLBody(), authentication, boundedJson(GRAPHQL_BODY_LIMIT), refuseOversizedOperation());
  app.use('/admin', authentication);
  app.use(boundedJson(ADMIN_BODY_LIMIT));
  // The browser pages: form posts from the training page and the console, their cookies, CSP and friends, their
  // static files.
  const pageHeaders = pageSecurityHeaders();
  app.use(['/training', '/dashboard', '/console', '/assets'], pageHeaders);
  // The start page: GET / itself only (as a mount path, `/` would cover every route).
  const isStartPage = (req: Request) => req.path === '/' && (req.method === 'GET' || req.method === 'HEAD');
  app.use((req: Request, res: Response, next: NextFunction) => (isStartPage(req) ? pageHeaders(req, res, next) : next()));
  app.use(['/training', '/console'], urlencoded({ extended: false, limit: ADMIN_BODY_LIMIT }), cookieParser());
  app.useStaticAssets(join(__dirname, 'shared/web/assets'), { prefix: '/assets/' });
  // chart.js exports no path to its UMD build: its main entry sits in the same dist/ folder.
  app.useStaticAssets(dirname(require.resolve('chart.js')), { prefix: '/assets/chart.js/' });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(httpStatusByErrorCode));
  // SIGTERM: jobs finish or are handed back (JobQueue), the HTTP server drains, the database closes, and the
  // process exits 0. Without useProcessExit Nest raises the signal again once done: the process ends killed by it.
  app.enableShutdownHooks(undefined, { useProcessExit: true });
  SwaggerModule.setup(
    'docs',
    app,
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('OpenCX Assist for Zendesk')
        .setDescription('Admin API, Zendesk webhook and training links')
        .addBearerAuth()
        .build(),
    ),
  );
  for (const warning of config.warnings) new Logger('Config').warn(warning);
  return app;
}
