import { IncomingMessage } from 'node:http';
import { FastifyInstance, FastifyRequest } from 'fastify';
import { Store, storage } from 'nestjs-pino/storage';
import { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { routedPath, underPrefix } from '../http/path-prefix';
import { httpLoggerOptions, QUIET_ROUTES, requestId } from './logger';

const QUIET_PATHS = QUIET_ROUTES.map((route) => `/${route}`);
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

// pino-http as Fastify hooks, ahead of everything else: one line per answered request, 404s and refusals
// included, and every line written while serving it (nestjs-pino's Logger reads its AsyncLocalStorage) carrying
// its `requestId`. The quiet routes skip the logger and only get their request id.
export function registerRequestLogging(fastify: FastifyInstance, logger: Logger): void {
  const options = httpLoggerOptions(logger);
  // The request's own line holds only what the serializers below make of it (method, path, status, time, the
  // request id, for a 5xx the error): no key there is ever redacted, and redacting it was the line's dearest part.
  const logRequest = pinoHttp({
    ...options,
    logger: logger.child({}, { redact: { paths: [] } }),
    customSuccessMessage: (req: SummarizedRequest) => req[SUMMARY] ?? 'request completed',
    customErrorMessage: (req: SummarizedRequest) => (req[SUMMARY] ? `${req[SUMMARY]}; then the request errored` : 'request errored'),
  });
  // The lines written while serving a request: redacted as every other line, with the request logger's serializers.
  const serving = logger.child({}, { serializers: options.serializers });
  fastify.addHook('onRequest', (request: LoggedRequest, reply, done) => {
    if (underPrefix(routedPath(request), QUIET_PATHS)) {
      requestId(request.raw, reply.raw);
      return done();
    }
    logRequest(request.raw, reply.raw);
    const store = new RequestLogStore(serving, request.raw);
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
