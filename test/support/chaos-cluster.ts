import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { ASSIST_QUEUE } from '../../src/modules/assist/infrastructure/postgres-assist-records';
import { AssistFixture, SIGNING_SECRET, startAssistFixture } from './assist-fixture';
import { AppProcess, startAppProcess } from './app-process';
import { isoSeconds } from './simulator-http';
import { signZendeskWebhook, SimTicket, ZendeskSimulator } from './zendesk-simulator';

const RESULTS_DIR = join(__dirname, '../chaos/.results');
const NOTE_POLL_MS = 100;

export interface Delivery {
  ticketId: number;
  status: number;
  retryAfter: string | null;
  sentAt: number;
  answeredAt: number;
}

// Two worker processes on one test database, beside the suite's own app that only answers HTTP (the webhooks
// land there, as behind a load balancer on instances that stay up), and the Zendesk simulator.
export class ChaosCluster {
  readonly workers: AppProcess[] = [];
  readonly deliveries: Delivery[] = [];
  private readonly retired: AppProcess[] = [];
  // The test's own session, opened again after a fault ended it.
  private db: Promise<Client> | null = null;

  private constructor(
    readonly fixture: AssistFixture,
    readonly databaseName: string,
  ) {}

  static async start(): Promise<ChaosCluster> {
    const fixture = await startAssistFixture({ env: { WORKER_ENABLED: 'false' } });
    const cluster = new ChaosCluster(fixture, new URL(fixture.test.env.DATABASE_URL).pathname.slice(1));
    try {
      await Promise.all([cluster.startWorker(), cluster.startWorker()]);
    } catch (error) {
      await cluster.close();
      throw error;
    }
    return cluster;
  }

  get zendesk(): ZendeskSimulator {
    return this.fixture.zendesk;
  }

  // Production's retry policy (5 retries, 5 s apart with backoff), not the suites' quicker one.
  async startWorker(): Promise<AppProcess> {
    const worker = await startAppProcess({ ...this.fixture.test.env, WORKER_ENABLED: 'true', JOB_RETRY_LIMIT: '5', JOB_RETRY_DELAY_SECONDS: '5', LOG_LEVEL: 'warn' });
    this.workers.push(worker);
    return worker;
  }

  retire(worker: AppProcess): void {
    this.workers.splice(this.workers.indexOf(worker), 1);
    this.retired.push(worker);
  }

  // Jobs a worker process is on now: the liveness locks its connection holds.
  async jobsInFlight(worker: AppProcess): Promise<number> {
    const [{ n }] = await this.query(
      `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = $1`,
      [`assist-liveness-${worker.pid}`],
    );
    return n as number;
  }

  async waitForJobsInFlight(worker: AppProcess): Promise<number> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const n = await this.jobsInFlight(worker);
      if (n > 0) return n;
      if (Date.now() > deadline) throw new Error(`Worker ${worker.pid} took no job in 30 s:\n${worker.output()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  // Jobs of the assist queue not finished (waiting, retrying or running).
  async unfinishedJobs(): Promise<number> {
    const [{ n }] = await this.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state < 'completed'`, [ASSIST_QUEUE.name]);
    return n as number;
  }

  // As Zendesk does: a 503 is delivered again after its Retry-After (here a second, to keep the suite short).
  async deliver(ticket: SimTicket): Promise<void> {
    for (;;) {
      const sentAt = Date.now();
      const response = await fetch(this.fixture.webhookUrl, signedDelivery(ticket.id));
      const delivery = { ticketId: ticket.id, status: response.status, retryAfter: response.headers.get('retry-after'), sentAt, answeredAt: Date.now() };
      this.deliveries.push(delivery);
      await response.arrayBuffer();
      if (response.status !== 503) return;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  // Polls the simulator until every ticket has a note and the queue is empty; then, a second later, counts
  // each ticket's notes (a late duplicate would show there). `deadline` bounds the wait.
  async waitForNotes(tickets: SimTicket[], deadline: number): Promise<{ notesPerTicket: Map<number, number>; lastNoteAt: number }> {
    let lastNoteAt = 0;
    const noted = new Set<number>();
    for (;;) {
      for (const ticket of tickets) {
        if (!noted.has(ticket.id) && this.notesOn(ticket.id) > 0) {
          noted.add(ticket.id);
          lastNoteAt = Date.now();
        }
      }
      if (noted.size === tickets.length && (await this.unfinishedJobs()) === 0) break;
      const working = this.workers.filter((worker) => worker.running);
      if (Date.now() > deadline || working.length === 0) {
        const exits = await Promise.all(this.workers.filter((worker) => !worker.running).map(async (worker) => ({ ...(await worker.exited), output: worker.output().slice(-2000) })));
        const unnoted = tickets.filter((t) => !noted.has(t.id)).map((t) => String(t.id));
        throw new Error(
          `${noted.size} of ${tickets.length} tickets noted, ${await this.unfinishedJobs()} jobs unfinished, ${working.length} workers running; ` +
            `exited: ${JSON.stringify(exits)}; the others' events: ${JSON.stringify(await this.eventsOf(unnoted))}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, NOTE_POLL_MS));
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return { notesPerTicket: new Map(tickets.map((t) => [t.id, this.notesOn(t.id)])), lastNoteAt };
  }

  // Log lines of every worker, gone ones included, whose message matches: when they were written, and what.
  logged(pattern: RegExp): { at: number; msg: string }[] {
    return [...this.workers, ...this.retired]
      .flatMap((worker) => worker.output().split('\n'))
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { time: string; msg: string })
      .filter((line) => pattern.test(line.msg))
      .map((line) => ({ at: Date.parse(line.time), msg: line.msg }));
  }

  // What became of tickets' events: their jobs (state, attempts, last error) and decisions.
  private eventsOf(ticketIds: string[]): Promise<Record<string, unknown>[]> {
    return this.query(
      `SELECT j.data->>'ticketId' AS ticket, j.data->>'eventId' AS event, j.state, j.retry_count, j.output,
              (SELECT json_agg(json_build_object('outcome', d.outcome, 'reason', d.reason, 'error', d.evidence->'error')) FROM decisions d WHERE d.event_id::text = j.data->>'eventId') AS decisions
         FROM pgboss.job j WHERE j.name = $1 AND j.data->>'ticketId' = ANY($2)`,
      [ASSIST_QUEUE.name, ticketIds],
    );
  }

  // Events decided more than once: a retry of a job whose worker died after recording its decision.
  async eventsDecidedTwice(): Promise<number> {
    const [{ n }] = await this.query(`SELECT count(*)::int AS n FROM (SELECT event_id FROM decisions GROUP BY event_id HAVING count(*) > 1) twice`, []);
    return n as number;
  }

  notesOn(ticketId: number): number {
    return this.zendesk.getTicket(ticketId).comments.filter((c) => !c.public).length;
  }

  // PostgreSQL as in a failover: the database refuses connections for `downMs` and every session on it ends.
  async takeDatabaseDown(downMs: number): Promise<{ from: number; to: number }> {
    const admin = new Client({ connectionString: this.fixture.test.env.DATABASE_URL.replace(/\/[^/]+$/, '/postgres') });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${this.databaseName} WITH ALLOW_CONNECTIONS false`);
      const from = Date.now();
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [this.databaseName]);
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await admin.query(`ALTER DATABASE ${this.databaseName} WITH ALLOW_CONNECTIONS true`);
      return { from, to: Date.now() };
    } finally {
      await admin.end();
    }
  }

  async close(): Promise<void> {
    const all = [...this.workers, ...this.retired];
    for (const worker of all) if (worker.running) worker.kill('SIGKILL');
    await Promise.all(all.map((w) => w.exited));
    await this.db?.then((db) => db.end()).catch(() => undefined);
    await this.fixture.close();
  }

  private async query(sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
    this.db ??= (async () => {
      const db = new Client({ connectionString: this.fixture.test.env.DATABASE_URL });
      db.on('error', () => undefined);
      await db.connect();
      return db;
    })();
    try {
      return (await (await this.db).query(sql, params)).rows;
    } catch (error) {
      this.db = null;
      throw error;
    }
  }
}

function signedDelivery(ticketId: number): RequestInit {
  const body = JSON.stringify({ ticket_id: String(ticketId) });
  const timestamp = isoSeconds(Date.now() / 1000);
  return {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Zendesk-Webhook-Signature-Timestamp': timestamp,
      'X-Zendesk-Webhook-Signature': signZendeskWebhook(SIGNING_SECRET, timestamp, body),
    },
    body,
  };
}

export interface ScenarioSummary {
  scenario: string;
  tickets: number;
  faults: { atSeconds: number; what: string }[];
  // From the last fault (or the last restart) to the last ticket's first note.
  recoverySeconds: number;
  notesPerTicket: Record<string, number>;
  [detail: string]: unknown;
}

// Printed for the chaos run's output and written to test/chaos/.results/<scenario>.json for docs/reliability.md.
export function reportScenario(summary: ScenarioSummary): void {
  const line = `[chaos] ${summary.scenario}: ${summary.tickets} tickets, faults at ${summary.faults.map((f) => `${f.atSeconds} s (${f.what})`).join(', ')}; recovery ${summary.recoverySeconds} s; notes per ticket ${JSON.stringify(summary.notesPerTicket)}`;
  process.stdout.write(`${line}\n${JSON.stringify(summary)}\n`);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${summary.scenario}.json`), JSON.stringify({ ...summary, measuredAt: new Date().toISOString() }, null, 2));
}

// How many tickets got how many notes: { "1": 60 } when every ticket got exactly one.
export function notesHistogram(notesPerTicket: Map<number, number>): Record<string, number> {
  const histogram: Record<string, number> = {};
  for (const n of notesPerTicket.values()) histogram[n] = (histogram[n] ?? 0) + 1;
  return histogram;
}

export const seconds = (ms: number) => Math.round(ms / 100) / 10;
