import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export type LlmProvider = 'openai' | 'offline';

export interface QueueDepth {
  queue: string;
  state: string;
  count: number;
}

const SECONDS_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

// Every Prometheus metric of the process, on a registry of its own. Typed helpers keep label names and
// values in one place, so an instrumented call site is one line.
export class Metrics {
  readonly registry = new Registry();

  private readonly webhooks = new Counter({
    name: 'assist_webhooks_total',
    help: 'Zendesk webhook deliveries by signature verdict (valid, missing, mismatch, stale, unknown_organization)',
    labelNames: ['verdict'] as const,
    registers: [this.registry],
  });

  private readonly decisions = new Counter({
    name: 'assist_decisions_total',
    help: 'Decisions recorded by the assist pipeline, by outcome and reason',
    labelNames: ['outcome', 'reason'] as const,
    registers: [this.registry],
  });

  private readonly pipelineDuration = new Histogram({
    name: 'assist_pipeline_duration_seconds',
    help: 'Time one assist job takes, from its start on a worker to its decision (or to a retry)',
    buckets: SECONDS_BUCKETS,
    registers: [this.registry],
  });

  private readonly zendeskDuration = new Histogram({
    name: 'assist_zendesk_request_duration_seconds',
    help: 'Zendesk API requests (each attempt) by method, route and HTTP status (network_error when none)',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: SECONDS_BUCKETS,
    registers: [this.registry],
  });

  private readonly zendeskErrors = new Counter({
    name: 'assist_zendesk_request_errors_total',
    help: 'Zendesk API requests (each attempt) that did not answer 2xx, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly zendeskGuard = new Counter({
    name: 'assist_zendesk_guard_events_total',
    help: "What Zendesk accounts' shared guards did: budget_wait, pause_wait, deferred, paused (a Retry-After recorded), breaker_open (a failure left it open), probe",
    labelNames: ['event'] as const,
    registers: [this.registry],
  });

  private readonly llmDuration = new Histogram({
    name: 'assist_llm_call_duration_seconds',
    help: 'Drafting and embedding calls by provider, operation and outcome (ok or the LLM error code)',
    labelNames: ['provider', 'operation', 'outcome'] as const,
    buckets: SECONDS_BUCKETS,
    registers: [this.registry],
  });

  private readonly llmErrors = new Counter({
    name: 'assist_llm_call_errors_total',
    help: 'Drafting and embedding calls that failed, by provider, operation and LLM error code',
    labelNames: ['provider', 'operation', 'code'] as const,
    registers: [this.registry],
  });

  private readonly queueJobs = new Gauge({
    name: 'assist_queue_jobs',
    help: 'Jobs in the pg-boss queues by queue and state (created and retry are waiting, active are being worked)',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  webhookReceived(verdict: string): void {
    this.webhooks.inc({ verdict });
  }

  decisionRecorded(outcome: string, reason: string): void {
    this.decisions.inc({ outcome, reason });
  }

  startPipelineTimer(): () => void {
    return this.pipelineDuration.startTimer();
  }

  // Times one HTTP attempt; a thrown fetch (timeout, refused connection) counts as `network_error`.
  async timeZendeskRequest<R extends { status: number }>(method: string, url: string, request: () => Promise<R>): Promise<R> {
    const labels = { method, route: zendeskRoute(url), status: 'network_error' };
    const stop = this.zendeskDuration.startTimer();
    try {
      const response = await request();
      labels.status = String(response.status);
      return response;
    } finally {
      stop(labels);
      if (!/^2\d\d$/.test(labels.status)) this.zendeskErrors.inc(labels);
    }
  }

  zendeskGuardEvent(event: 'budget_wait' | 'pause_wait' | 'deferred' | 'paused' | 'breaker_open' | 'probe'): void {
    this.zendeskGuard.inc({ event });
  }

  async timeLlmCall<T>(provider: LlmProvider, operation: string, call: () => Promise<T>): Promise<T> {
    const stop = this.llmDuration.startTimer({ provider, operation });
    try {
      const result = await call();
      stop({ outcome: 'ok' });
      return result;
    } catch (error) {
      const code = String((error as { code?: unknown })?.code ?? 'error');
      stop({ outcome: code });
      this.llmErrors.inc({ provider, operation, code });
      throw error;
    }
  }

  // Replaces the last scrape's figures: a queue that has gone away stops being reported.
  setQueueDepth(depths: QueueDepth[]): void {
    this.queueJobs.reset();
    for (const { queue, state, count } of depths) this.queueJobs.set({ queue, state }, count);
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }
}

// Ids become `:id` so a route is one series however many tickets pass through it.
export function zendeskRoute(url: string): string {
  return new URL(url).pathname.replace(/\/\d+(?=\/|\.json|$)/g, '/:id');
}

// One registry per process, as Prometheus scrapes a process: the Zendesk transport and the LLM adapters are
// built outside Nest's container and record here too. Nest code injects the same instance as `Metrics`.
export const metrics = new Metrics();
