import { randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import pino, { DestinationStream, Level, Logger } from 'pino';
import pretty from 'pino-pretty';
import { currentLogBindings } from './log-context';

export interface RootLoggerOptions {
  level: Level | 'silent';
  // stdout (`bufferedStdout`) unless given (the tests read what was written).
  destination?: DestinationStream;
}

// Bytes of lines gathered before a write, and how long a line may wait for them.
const STDOUT_WRITE_BYTES = 4096;
const STDOUT_FLUSH_MS = 200;

// The JSON lines on stdout, written without ever blocking the event loop (fs.write on libuv's pool, as pino's own
// default) but a few kilobytes at a time instead of one write per line or two: under signed webhooks that was a
// write every ~4 deliveries, now every ~12. A quiet process's lines wait at most STDOUT_FLUSH_MS (an unref'd timer).
// Whatever is gathered is written synchronously when the process exits: a graceful shutdown, process.exit, an
// uncaught exception or rejection that ends it. Lost only if the process dies without exiting (SIGKILL, a signal
// before the app handles it, an abort): at most the last STDOUT_FLUSH_MS of lines.
function bufferedStdout(): DestinationStream {
  return pino.destination({ dest: 1, sync: false, minLength: STDOUT_WRITE_BYTES, periodicFlush: STDOUT_FLUSH_MS });
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
    // A silent logger writes nothing: no stdout of its own, nor its flush timer.
    destination ?? (level === 'silent' ? undefined : bufferedStdout()),
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
