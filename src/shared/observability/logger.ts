import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import pino, { DestinationStream, Level, Logger } from 'pino';
import { Options } from 'pino-http';
import pretty from 'pino-pretty';
import { currentLogBindings } from './log-context';

export interface RootLoggerOptions {
  level: Level | 'silent';
  // stdout unless given (the tests read what was written).
  destination?: DestinationStream;
}

// Defence in depth: request and response objects are serialized without headers or query strings below,
// and any object logged with one of these keys is censored wherever it sits.
const REDACTED_PATHS = [
  'authorization',
  'apiToken',
  'apiKey',
  'token',
  'password',
  'secret',
  'webhookSigningSecret',
  'signature',
  'body',
  'htmlBody',
  'html_body',
  'plain_body',
  'reply',
  'noteHtml',
  'question',
].flatMap((key) => [key, `*.${key}`]);

// JSON lines: ISO time, level by name, and the correlation ids of the job in progress.
export function createRootLogger({ level, destination }: RootLoggerOptions): Logger {
  return pino(
    {
      level,
      base: { service: 'opencx-assist' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin: () => currentLogBindings(),
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    destination,
  );
}

// The same entries as one readable line each, for a person at a terminal (LOG_FORMAT=pretty): the Nest context
// before the message, a request as method, path, status and time. Written synchronously, so that a line logged
// just before the process exits is not lost, and in order with the start-up block.
export function prettyLogStream(destination: NodeJS.WritableStream | number = 1): DestinationStream {
  return pretty({
    destination,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    messageFormat: '{if context}[{context}] {end}{msg}{if req.method} {req.method} {req.path} {res.statusCode} in {responseTime} ms{end}',
    ignore: 'service,context,req,res,responseTime',
    singleLine: true,
  });
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;
const QUIET_PATHS = /^\/(health\/|metrics$)/;

// The probes' and the scrape's routes: never logged, so they skip the request logger (its two child loggers
// per request were 40% of a probe's CPU) and only get their request id.
export const QUIET_ROUTES = ['health/live', 'health/ready', 'metrics'];

// An incoming X-Request-Id (from a proxy or Zendesk) is kept, anything else replaced; echoed back either way.
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

// One log line per answered request with its `requestId`, which every log line written while serving it
// carries too.
export function httpLoggerOptions(logger: Logger): Options {
  return {
    logger,
    quietReqLogger: true,
    // The answer's line gets `req` from its own object rather than from a child logger made per request for it
    // (a child's bindings are serialized and redacted when it is made: a third of the request logger's cost).
    quietResLogger: true,
    customSuccessObject: (req, _res, line: object) => ({ req, ...line }),
    customErrorObject: (req, _res, _error, line: object) => ({ req, ...line }),
    customAttributeKeys: { reqId: 'requestId' },
    genReqId: requestId,
    // Probes every few seconds would drown everything else.
    autoLogging: { ignore: (req) => QUIET_PATHS.test(pathOf(req.url)) },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    // No headers (Authorization, webhook signatures) and no query string (training link tokens). Unwrapped:
    // pino's standard serializers would first copy every header of every request only for these to drop them.
    wrapSerializers: false,
    serializers: {
      req: (req: { method: string; url: string; originalUrl?: string }) => ({ method: req.method, path: pathOf(req.originalUrl ?? req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

const pathOf = (url = '') => url.split('?')[0];
