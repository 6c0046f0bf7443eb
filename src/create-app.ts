import { HttpStatus, INestApplication, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { dirname, join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Logger as JsonLogger } from 'nestjs-pino';
import { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { httpStatusByErrorCode } from './http-status-by-error-code';
import { documentZendeskWebhook } from './modules/assist/api/zendesk-webhook.route';
import { adminAuthentication } from './modules/organizations/api/admin-authentication.hook';
import { AdminAuthService } from './modules/organizations/application/admin-auth.service';
import { GRAPHQL_BODY_LIMIT_BYTES, refuseOversizedGraphQLBody, refuseOversizedOperation } from './shared/graphql/graphql-limits';
import { setApiResponseHeaders } from './shared/http/api-headers';
import { routedPath, underPrefix } from './shared/http/path-prefix';
import { problem, ProblemDetailsFilter, sendProblem } from './shared/http/problem-details.filter';
import { registerRequestBodies } from './shared/http/request-bodies';
import { createValidationPipe } from './shared/http/validation';
import { createRootLogger, prettyLogStream } from './shared/observability/logger';
import { documentLivenessProbe } from './shared/observability/liveness-probe';
import { registerRequestLogging } from './shared/observability/request-logging';
import { pageSecurityHeaders } from './shared/web/security-headers';

const WEBHOOK_BODY_LIMIT = 1024 * 1024;
const ADMIN_BODY_LIMIT = 10 * 1024 * 1024;
const MAX_HEADER_BYTES = 16 * 1024;
const API_PREFIXES = ['/admin', '/graphql', '/webhooks'];
const ADMIN_PREFIXES = ['/admin', '/graphql'];
const GRAPHQL = ['/graphql'];
const FORM_PREFIXES = ['/training', '/console'];
const PAGE_PREFIXES = ['/training', '/dashboard', '/console', '/assets'];

const isStartPage = (request: FastifyRequest, path: string) => path === '/' && (request.method === 'GET' || request.method === 'HEAD');

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
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, rootLogger),
    // Fastify names no framework in its answers (no X-Powered-By).
    new FastifyAdapter({
      // No Nest middleware anywhere: what runs per request is a Fastify hook (below), so no middie either.
      skipMiddie: true,
      bodyLimit: ADMIN_BODY_LIMIT,
      // A parameter as long as a request line may be (Node's 16 KB of headers): an overlong id is the route's to
      // refuse with a problem, not the router's 414. `/console/` is `/console`, as Express routed it.
      routerOptions: { maxParamLength: MAX_HEADER_BYTES, ignoreTrailingSlash: true },
      // What the router refuses (a path that does not decode) is a problem like any other 400.
      frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
        if (underPrefix(request.url, API_PREFIXES)) setApiResponseHeaders(reply);
        sendProblem(reply, problem(HttpStatus.BAD_REQUEST, error.message));
      },
    }),
    { bodyParser: false, logger: options.logger, bufferLogs: !quiet },
  );
  // Every Nest Logger call, ours and the framework's, becomes a pino entry (a JSON line unless pretty).
  if (!quiet) app.useLogger(app.get(JsonLogger));
  const fastify = app.getHttpAdapter().getInstance();
  // Fastify hooks rather than middleware: each runs only where its prefix matches, with nothing to dispatch.
  registerRequestLogging(fastify, rootLogger);
  // API answers neither sniffed nor cached (api-headers.ts).
  fastify.addHook('onRequest', async (request, reply) => {
    if (underPrefix(routedPath(request), API_PREFIXES)) setApiResponseHeaders(reply);
  });
  // GraphQL refuses what it will not run before reading it, then before parsing it (graphql-limits.ts); the admin
  // API reads no body from a caller without a token either.
  const authenticate = adminAuthentication(app.get(AdminAuthService));
  fastify.addHook('onRequest', async (request) => {
    const path = routedPath(request);
    if (underPrefix(path, GRAPHQL)) refuseOversizedGraphQLBody(request.headers);
    if (underPrefix(path, ADMIN_PREFIXES)) await authenticate(request);
  });
  fastify.addHook('preValidation', async (request) => {
    if (underPrefix(routedPath(request), GRAPHQL)) refuseOversizedOperation(request.body);
  });
  // Webhooks keep their raw bytes: the signature covers them exactly as sent. Form posts from the training page
  // and the console.
  registerRequestBodies(fastify, {
    defaultLimit: ADMIN_BODY_LIMIT,
    limits: { '/webhooks': WEBHOOK_BODY_LIMIT, '/graphql': GRAPHQL_BODY_LIMIT_BYTES },
    raw: ['/webhooks'],
    forms: FORM_PREFIXES,
  });
  // The browser pages: their cookies, CSP and friends, their static files. The start page is GET / itself only.
  await app.register(fastifyCookie, { hook: false });
  const pageHeaders = pageSecurityHeaders();
  fastify.addHook('onRequest', (request, reply, done) => {
    const path = routedPath(request);
    if (underPrefix(path, FORM_PREFIXES)) request.cookies = fastify.parseCookie(request.headers.cookie ?? '');
    if (underPrefix(path, PAGE_PREFIXES) || isStartPage(request, path)) pageHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined));
    else done();
  });
  app.useStaticAssets({ root: join(__dirname, 'shared/web/assets'), prefix: '/assets/' });
  // chart.js exports no path to its UMD build: its main entry sits in the same dist/ folder.
  app.useStaticAssets({ root: dirname(require.resolve('chart.js')), prefix: '/assets/chart.js/', decorateReply: false });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(httpStatusByErrorCode));
  // SIGTERM: jobs finish or are handed back (JobQueue), the HTTP server drains, the database closes, and the
  // process exits 0. Without useProcessExit Nest raises the signal again once done: the process ends killed by it.
  app.enableShutdownHooks(undefined, { useProcessExit: true });
  SwaggerModule.setup(
    'docs',
    app,
    documentLivenessProbe(
      documentZendeskWebhook(
        SwaggerModule.createDocument(
          app,
          new DocumentBuilder()
            .setTitle('OpenCX Assist for Zendesk')
            .setDescription('Admin API, Zendesk webhook and training links')
            .addBearerAuth()
            .build(),
        ),
      ),
    ),
  );
  for (const warning of config.warnings) new Logger('Config').warn(warning);
  // Fastify takes no route or hook once it is ready, and answers nothing before: the app is whole and ready here,
  // for `listen()` or for a test's `getHttpServer()`.
  await app.init();
  await fastify.ready();
  return app;
}
