// The drain: tickets queued through the signed intake of a web-only instance, then worked by one, and then two,
// worker instances (production build, processes of their own) on the same database, timed until every decision
// is recorded. Zendesk is a simulator per account in this process.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AppConfig } from '../../src/config/app-config';
import { MAX_REQUESTS_PER_MINUTE } from '../../src/modules/zendesk/domain/request-budget';
import { createTestDatabase } from '../../test/support/test-database';
import { ZendeskSimulator } from '../../test/support/zendesk-simulator';
import { BENCH_ADMIN_TOKEN, benchQuestion, setUpBenchOrganization } from '../bench-app';
import { BackendCpu, processCpuMs } from './cpu-time';
import { hammer, LoadFigures, MachineLoad } from './load';
import { BenchProcess, onInterrupt, startProductionApp } from './processes';
import { signedDeliveries, WebhookTarget } from './signed-webhooks';

// 1,000: at this machine's pace before issue 14 (about 30 tickets/s) each drain takes half a minute.
const TICKETS = Number(process.env.BENCH_DRAIN_TICKETS ?? 1000);
// Each account (a simulator, an organization) has Zendesk's largest request budget; tickets are spread over several
// so that the drain measures our own cost, not one account's budget (which caps a real account).
const ACCOUNTS = Number(process.env.BENCH_DRAIN_ACCOUNTS ?? 4);
const DRAIN_TIMEOUT_MS = 10 * 60_000;
// The app's own default unless BENCH_WORKER_CONCURRENCY says otherwise: read through its config, so it stays true.
export const WORKER_CONCURRENCY = AppConfig.load({ WORKER_CONCURRENCY: process.env.BENCH_WORKER_CONCURRENCY }).workerConcurrency;

export interface DrainFigures {
  workers: number;
  tickets: number;
  perSecond: number;
  // Decisions of this drain by outcome and reason, e.g. { 'suggested': 1800, 'skipped no_assist_topic': 200 }.
  outcomes: Record<string, number>;
  zendeskRequestsPerTicket: number;
  // What the accounts' Zendesk budgets would allow at that many requests a ticket.
  budgetCeiling: number;
  // The signed intake that queued the tickets (web-only instance, no worker running).
  intake: LoadFigures;
  // CPU time a ticket in ms, from the workers' start to the last decision: the worker processes together, the
  // database's backends, and this process (the Zendesk simulators, the polling). Null where /proc cannot tell.
  cpuPerTicket: { workers: number | null; database: number | null; bench: number };
  load: MachineLoad;
}

interface Account {
  zendesk: ZendeskSimulator;
  organizationId: string;
}

export function appEnvironment(databaseUrl: string, dataDir: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    SECRETS_KEY: 'bench-secrets-key-0123456789abcdef0123',
    ZENDESK_ALLOW_INSECURE_BASE_URL: 'true',
    SYNC_SCHEDULER_SECONDS: '0',
    WORKER_ENABLED: 'false',
  };
}

export async function benchDrain(workerCounts: number[]): Promise<DrainFigures[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'assist-bench-drain-'));
  const database = await createTestDatabase();
  const dropDatabase = onInterrupt(() => database.drop());
  const env = appEnvironment(database.url, dataDir);
  const accounts: Account[] = [];
  let web: BenchProcess | null = null;
  const db = new Client({ connectionString: database.url });
  db.on('error', () => undefined); // idle, its database dropped on Ctrl-C: the next query fails anyway
  try {
    web = await startProductionApp('drain-web', env);
    for (let i = 0; i < ACCOUNTS; i++) {
      const zendesk = await ZendeskSimulator.start();
      accounts.push({ zendesk, organizationId: await setUpBenchOrganization(web.process.baseUrl, zendesk.baseUrl, `Drain ${i}`) });
    }
    await db.connect();
    // The knowledge bases as a Help Center sync leaves them (it ends with VACUUM (ANALYZE); autovacuum would get
    // there minutes into a deployment): freshly imported, unanalyzed tables cost the search ~35 % more.
    await db.query('VACUUM (ANALYZE)');
    const figures: DrainFigures[] = [];
    for (const workers of workerCounts) figures.push(await drainOnce(web, env, accounts, db, workers));
    return figures;
  } finally {
    await db.end().catch(() => undefined);
    await web?.stop();
    for (const { zendesk } of accounts) await zendesk.close();
    await dropDatabase();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function drainOnce(web: BenchProcess, env: Record<string, string>, accounts: Account[], db: Client, workers: number): Promise<DrainFigures> {
  const targets: WebhookTarget[] = Array.from({ length: TICKETS }, (_, i) => {
    const { zendesk, organizationId } = accounts[i % accounts.length];
    const ticket = zendesk.createTicket({ subject: `Question ${i}`, body: benchQuestion(i) });
    return { organizationId, ticketId: String(ticket.id) };
  });
  let next = 0;
  const intake = await hammer({ url: web.process.baseUrl, amount: TICKETS, setupRequest: signedDeliveries(() => targets[next++ % targets.length]) });
  if (intake.statuses[202] !== TICKETS) throw new Error(`The drain's intake answered ${JSON.stringify(intake.statuses)}, ${intake.errors} errors, for ${TICKETS} webhooks:\n${web.tail()}`);

  const outcomesBefore = await outcomes(db);
  // Every delivery queued a job (distinct tickets: none coalesced), and every job ends in one decision.
  const goal = await count(db, 'webhook_events');
  const requestsBefore = zendeskRequests(accounts);
  const loadBefore = loadavg()[0];
  const started: BenchProcess[] = [];
  try {
    // Started together; timed from when all of them answer, counting only the decisions recorded since.
    const booting = Array.from({ length: workers }, (_, i) =>
      startProductionApp(`worker-${i}`, { ...env, WORKER_ENABLED: 'true', WORKER_CONCURRENCY: String(WORKER_CONCURRENCY) }).then((worker) => started.push(worker)),
    );
    await Promise.all(booting);
    const t0 = performance.now();
    const atStart = await count(db, 'decisions');
    const backends = new BackendCpu(db);
    await backends.sample();
    const workersCpu = () => sumOrNull(started.map((worker) => processCpuMs(worker.process.pid)));
    const workersAtStart = workersCpu();
    const benchAtStart = process.cpuUsage();
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    for (let recorded = atStart; recorded < goal; recorded = await count(db, 'decisions')) {
      const dead = started.find((worker) => !worker.process.running);
      if (dead) throw new Error(`A worker ended during the drain:\n${dead.tail()}`);
      if (Date.now() > deadline) throw new Error(`The drain stalled at ${recorded} of ${goal} decisions:\n${started[0].tail()}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await backends.sample();
    }
    const seconds = (performance.now() - t0) / 1000;
    const drained = goal - atStart;
    const workersAtEnd = workersCpu();
    const database = backends.totalMs();
    const bench = process.cpuUsage(benchAtStart);
    const cpuPerTicket = {
      workers: workersAtStart === null || workersAtEnd === null ? null : (workersAtEnd - workersAtStart) / drained,
      database: database === null ? null : database / drained,
      bench: (bench.user + bench.system) / 1000 / drained,
    };
    const zendeskRequestsPerTicket = (zendeskRequests(accounts) - requestsBefore) / (goal - sum(outcomesBefore));
    const loadAfter = loadavg()[0];
    return {
      workers,
      tickets: TICKETS,
      perSecond: drained / seconds,
      outcomes: difference(await outcomes(db), outcomesBefore),
      zendeskRequestsPerTicket,
      budgetCeiling: (accounts.length * MAX_REQUESTS_PER_MINUTE) / 60 / zendeskRequestsPerTicket,
      intake,
      cpuPerTicket,
      load: { before: loadBefore, after: loadAfter },
    };
  } finally {
    await Promise.all(started.map((worker) => worker.stop()));
  }
}

async function count(db: Client, table: 'decisions' | 'webhook_events'): Promise<number> {
  const { rows } = await db.query(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0].n;
}

async function outcomes(db: Client): Promise<Record<string, number>> {
  const { rows } = await db.query(`SELECT CASE WHEN reason = outcome THEN outcome ELSE outcome || ' ' || reason END AS key, count(*)::int AS n FROM decisions GROUP BY 1`);
  return Object.fromEntries(rows.map((row: { key: string; n: number }) => [row.key, row.n]));
}

const zendeskRequests = (accounts: Account[]) => accounts.reduce((total, { zendesk }) => total + zendesk.requests.length, 0);
const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const sumOrNull = (values: (number | null)[]) => (values.some((value) => value === null) ? null : values.reduce((a: number, b) => a + b!, 0));

function difference(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([key, n]) => [key, n - (before[key] ?? 0)]).filter(([, n]) => (n as number) > 0));
}
