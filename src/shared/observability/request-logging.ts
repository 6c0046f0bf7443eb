import { FastifyInstance, FastifyRequest } from 'fastify';
import { Store, storage } from 'nestjs-pino/storage';
import { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { routedPath, underPrefix } from '../http/path-prefix';
import { httpLoggerOptions, QUIET_ROUTES, requestId } from './logger';

const QUIET_PATHS = QUIET_ROUTES.map((route) => `/${route}`);
const LOG_STORE = Symbol('request log store');

type LoggedRequest = FastifyRequest & { [LOG_STORE]?: Store };

// pino-http as Fastify hooks, ahead of everything else: one line per answered request, 404s and refusals
// included, and every line written while serving it (nestjs-pino's Logger reads its AsyncLocalStorage) carrying
// its `requestId`. The quiet routes skip the logger and only get their request id.
export function registerRequestLogging(fastify: FastifyInstance, logger: Logger): void {
  const logRequest = pinoHttp(httpLoggerOptions(logger));
  fastify.addHook('onRequest', (request: LoggedRequest, reply, done) => {
    if (underPrefix(routedPath(request), QUIET_PATHS)) {
      requestId(request.raw, reply.raw);
      return done();
    }
    logRequest(request.raw, reply.raw);
    const store = new Store(request.raw.log);
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
