import { AsyncLocalStorage } from 'node:async_hooks';

export type LogBindings = Record<string, string>;

// Correlation ids of the work in progress (a queued job), added to every log line written inside it.
// HTTP requests get theirs (`requestId`) from pino-http's request logger instead.
const context = new AsyncLocalStorage<LogBindings>();

export function withLogContext<T>(bindings: LogBindings, work: () => Promise<T>): Promise<T> {
  return context.run({ ...context.getStore(), ...bindings }, work);
}

export function currentLogBindings(): LogBindings {
  return context.getStore() ?? {};
}

const CORRELATION_FIELDS = ['organizationId', 'ticketId', 'eventId', 'runId'] as const;

// The ids a job's data carries, whatever its queue: which organization, ticket, webhook event or sync run.
export function correlationIds(data: object): LogBindings {
  const ids: LogBindings = {};
  for (const field of CORRELATION_FIELDS) {
    const value = (data as Record<string, unknown>)[field];
    if (typeof value === 'string' || typeof value === 'number') ids[field] = String(value);
  }
  return ids;
}
