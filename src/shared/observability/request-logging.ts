import { IncomingMessage, ServerResponse } from 'node:http';
import { FastifyInstance, FastifyRequest } from 'fastify';
import { Store, storage } from 'nestjs-pino/storage';
import { Logger } from 'pino';
import { routedPath, underPrefix } from '../http/path-prefix';
import { QUIET_ROUTES, requestId } from './logger';

const QUIET_PATHS = QUIET_ROUTES.map((route) => `/${route}`);
// Probes every few seconds would drown everything else: not even a 404 under these gets a line.
const UNLOGGED_PATHS = /^\/(health\/|metrics$)/;
const LOG_STORE = Symbol('request log store');
const SUMMARY = Symbol('request summary');

type SummarizedRequest = IncomingMessage & { id?: unknown; [SUMMARY]?: string };
type LoggedRequest = FastifyRequest & { [LOG_STORE]?: RequestLogStore };

// nestjs-pino's store for a request: the logger its Logger writes with while serving it, carrying its
// `requestId`, made on the first line (a webhook's delivery writes none: its one line is the request's own).
class RequestLogStore implements Store {
  private made?: Logger;
  responseLogger?: Logger;

  constructor(
    private readonly parent: Logger,
    readonly request: SummarizedRequest,
  ) {}

  get logger(): Logger {
    return (this.made ??= this.parent.child({ requestId: this.request.id }));
  }

  set logger(logger: Logger) {
    this.made = logger;
  }
}

// What the request in progress did, said by its own line (written when it is answered) instead of "request
// completed": one line instead of two, the request id beside what it did. False outside a logged request (a
// job, a quiet route): the caller logs the message itself then.
export function summarizeRequest(message: string): boolean {
  const store = storage.getStore();
  if (!(store instanceof RequestLogStore)) return false;
  store.request[SUMMARY] = message;
  return true;
}

// One line per answered request, 404s and refusals included, written by a Fastify hook ahead of everything else,
// and every line written while serving it (nestjs-pino's Logger reads its AsyncLocalStorage) carrying its
// `requestId`. The quiet routes skip the logger and only get their request id.
export function registerRequestLogging(fastify: FastifyInstance, logger: Logger): void {
  // The request's own line holds only what `logLine` makes of it (method, path, status, time, the request id, for
  // a 5xx the error): no key there is ever redacted, and redacting it was the line's dearest part.
  const lines = logger.child({}, { redact: { paths: [] } });
  // The lines written while serving a request: redacted as every other line, a request or response in them
  // serialized as on the request's own line.
  const serving = logger.child({}, { serializers: { req: describeRequest, res: describeResponse } });
  fastify.addHook('onRequest', (request: LoggedRequest, reply, done) => {
    if (underPrefix(routedPath(request), QUIET_PATHS)) {
      requestId(request.raw, reply.raw);
      return done();
    }
    const req: SummarizedRequest = request.raw;
    req.id = requestId(req, reply.raw);
    if (!UNLOGGED_PATHS.test(pathOf(req.url))) logWhenAnswered(lines, req, reply.raw);
    const store = new RequestLogStore(serving, req);
    request[LOG_STORE] = store;
    storage.run(store, done);
  });
  // A body is read in the socket's async context, not the request's: the handler runs after this hook, so the
  // request's store is entered again here (as @fastify/request-context does).
  fastify.addHook('preValidation', (request: LoggedRequest, _reply, done) => {
    const store = request[LOG_STORE];
    if (store) storage.run(store, done);
    else done();
  });
}

// What pino-http did for us, without its two child loggers a request (one for the request id, one binding the
// request itself, made and serialized whether used or not: ~12 % of a web instance's busy time under webhooks):
// the line is written once, when the answer is sent or the connection drops, the request id among its fields.
function logWhenAnswered(lines: Logger, req: SummarizedRequest, res: ServerResponse): void {
  const started = Date.now();
  let logged = false;
  const logLine = (error?: Error) => {
    if (logged) return;
    logged = true;
    const line = { requestId: req.id, req: describeRequest(req), res: describeResponse(res), responseTime: Date.now() - started };
    const summary = req[SUMMARY];
    if (error || res.statusCode >= 500) {
      lines.error({ ...line, err: error ?? new Error(`failed with status code ${res.statusCode}`) }, summary ? `${summary}; then the request errored` : 'request errored');
    } else if (res.statusCode >= 400) {
      lines.warn(line, summary ?? 'request completed');
    } else {
      lines.info(line, summary ?? 'request completed');
    }
  };
  res.on('finish', logLine);
  res.on('close', logLine);
  res.on('error', logLine);
}

// No headers (Authorization, webhook signatures) and no query string (training link tokens).
const describeRequest = (req: { method?: string; url?: string; originalUrl?: string }) => ({ method: req.method, path: pathOf(req.originalUrl ?? req.url) });
const describeResponse = (res: { statusCode: number }) => ({ statusCode: res.statusCode });
const pathOf = (url = '') => url.split('?')[0];
