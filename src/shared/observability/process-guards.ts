import { Logger } from '@nestjs/common';

// A failure no code path awaited must not take the process down, so the other tickets keep flowing:
// pg-boss 10 calls complete()/fail() without awaiting them (a database blip rejects nobody's promise),
// and a socket or pg client emits `error` with no listener when its peer goes away.
// uncaughtException is logged and survived too. Node calls that unsafe in general; here what throws outside
// a request or a job is an event emitter (connections, timers), not a half-done change: every write is a
// transaction, every job is retried by pg-boss, and /health reports a process that is truly broken so the
// orchestrator replaces it.
export function installProcessGuards(): void {
  const logger = new Logger('Process');
  process.on('unhandledRejection', (reason) => logger.error(`Unhandled promise rejection, process kept running: ${describe(reason)}`));
  process.on('uncaughtException', (error) => logger.error(`Uncaught exception, process kept running: ${describe(error)}`));
}

const describe = (reason: unknown) => (reason instanceof Error ? (reason.stack ?? reason.message) : String(reason));
