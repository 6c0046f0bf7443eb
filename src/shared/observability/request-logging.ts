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
const REQUEST = Symbol('logged request');

type LoggedRequest = FastifyRequest & { [LOG_STORE]?: Store };
type SummarizedRequest = IncomingMessage & { [SUMMARY]?: string };

// What the request in progress did, said by its own line (written when it is answered) instead of "request
// completed": one line instead of two, the request id beside what it did. False outside a logged request (a
// job, a quiet route): the caller logs the message itself then.
export function summarizeRequest(message: string): boolean {
  const request = (storage.getStore() as (Store & { [REQUEST]?: SummarizedRequest }) | undefined)?.[REQUEST];
  if (!request) return false;
  request[SUMMARY] = message;
  return true;
}

// pino-http as Fastify hooks, ahead of everything else: one line per answered request, 404s and refusals
// included, and every line written while serving it (nestjs-pino's Logger reads its AsyncLocalStorage) carrying
// its `requestId`. The quiet routes skip the logger and only get their request id.
export function registerRequestLogging(fastify: FastifyInstance, logger: Logger): void {
  const logRequest = pinoHttp({
    ...httpLoggerOptions(logger),
    customSuccessMessage: (req: SummarizedRequest) => req[SUMMARY] ?? 'request completed',
    customErrorMessage: (req: SummarizedRequest) => (req[SUMMARY] ? `${req[SUMMARY]}; then the request errored` : 'request errored'),
  });
  fastify.addHook('onRequest', (request: LoggedRequest, reply, done) => {
    if (underPrefix(routedPath(request), QUIET_PATHS)) {
      requestId(request.raw, reply.raw);
      return done();
    }
    logRequest(request.raw, reply.raw);
    const store: Store & { [REQUEST]?: SummarizedRequest } = new Store(request.raw.log);
    store[REQUEST] = request.raw;
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
