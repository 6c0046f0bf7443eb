// npm run bench: webhook accept throughput and latency, and pipeline overhead per ticket with the offline
// LLM, on the machine's PostgreSQL (a temporary database) and on the embedded one. Figures, not assertions.
// BENCH_LOG=1 shows the app's logs; BENCH_TARGETS=postgres|embedded picks the databases; BENCH_SUITES=pipeline,knowledge,insights,topics.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { AppConfig } from '../src/config/app-config';
import { createApp } from '../src/create-app';
import { AssistPipelineService } from '../src/modules/assist/application/assist-pipeline.service';
import { HELP_CENTER, SIGNING_SECRET } from '../test/support/assist-fixture';
import { createTestDatabase, TestDatabase } from '../test/support/test-database';
import { ZendeskSimulator } from '../test/support/zendesk-simulator';
import { benchInsights } from './bench-insights';
import { benchKnowledge } from './bench-knowledge';
import { benchTopics } from './bench-topics';

const ADMIN_TOKEN = 'bench-admin-token-0123456789';
const WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const PIPELINE_TICKETS = Number(process.env.BENCH_PIPELINE_TICKETS ?? 100);
const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 300);
const WORDS = ['account', 'password', 'billing', 'invoice', 'shipping', 'delivery', 'refund', 'order', 'plan', 'team', 'export', 'import', 'report', 'login', 'email', 'mobile', 'app', 'sync', 'calendar', 'integration'];

interface Figures {
  target: string;
  acceptPerSecond: number;
  acceptP50: number;
  acceptP99: number;
  drainPerSecond: number;
  pipelineP50: number;
  pipelineP99: number;
}

async function benchTarget(target: 'postgres' | 'embedded'): Promise<Figures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'assist-bench-'));
  const database: TestDatabase | null = target === 'postgres' ? await createTestDatabase() : null;
  const zendesk = await ZendeskSimulator.start();
  const config = AppConfig.load({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    ADMIN_TOKEN,
    SECRETS_KEY: 'bench-secrets-key-0123456789abcdef0123',
    ZENDESK_ALLOW_INSECURE_BASE_URL: 'true',
    SYNC_SCHEDULER_SECONDS: '0',
    ...(database ? { DATABASE_URL: database.url } : {}),
  });
  const app = await createApp(config, process.env.BENCH_LOG ? {} : { logger: false });
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  try {
    const organizationId = await setUp(baseUrl, zendesk);
    const webhookUrl = `${baseUrl}/webhooks/zendesk/${organizationId}`;

    const tickets = Array.from({ length: WEBHOOKS }, (_, i) => zendesk.createTicket({ subject: `Question ${i}`, body: question(i) }));
    const latencies: number[] = [];
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < tickets.length) {
          const ticket = tickets[next++];
          const t0 = performance.now();
          const { status } = await zendesk.fireWebhook(webhookUrl, SIGNING_SECRET, { ticket_id: String(ticket.id) });
          if (status !== 202) throw new Error(`webhook answered ${status}`);
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const acceptSeconds = (performance.now() - started) / 1000;
    await waitForDecisionCount(app, WEBHOOKS);
    const drainSeconds = (performance.now() - started) / 1000;

    // The pipeline alone, one ticket at a time: Zendesk calls on loopback, claim, topics, retrieval, draft, note.
    const pipeline = app.get(AssistPipelineService);
    const pipelineTimes: number[] = [];
    for (let i = 0; i < PIPELINE_TICKETS; i++) {
      const ticket = zendesk.createTicket({ subject: `Pipeline ${i}`, body: question(i + 7) });
      const t0 = performance.now();
      await pipeline.process({ eventId: randomUUID(), organizationId, ticketId: String(ticket.id) }, true);
      pipelineTimes.push(performance.now() - t0);
    }
    return {
      target,
      acceptPerSecond: WEBHOOKS / acceptSeconds,
      acceptP50: percentile(latencies, 50),
      acceptP99: percentile(latencies, 99),
      drainPerSecond: WEBHOOKS / drainSeconds,
      pipelineP50: percentile(pipelineTimes, 50),
      pipelineP99: percentile(pipelineTimes, 99),
    };
  } finally {
    await app.close();
    await zendesk.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function setUp(baseUrl: string, zendesk: ZendeskSimulator): Promise<string> {
  const call = async (method: string, path: string, body: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<any>;
  };
  const organization = await call('POST', '/admin/organizations', {
    name: 'Bench',
    zendesk: { baseUrl: zendesk.baseUrl, email: 'agent@example.com', apiToken: 'sim-token' },
    webhookSigningSecret: SIGNING_SECRET,
  });
  // The simulator is no Zendesk plan: the account's request budget set to its most (10,000 a minute, about 166
  // requests a second), so the drain measures our own cost until it reaches that; the budget is on every path.
  await call('PATCH', `/admin/organizations/${organization.id}/settings`, { assistEnabled: true, zendeskRequestsPerMinute: 10_000 });
  const generated = Array.from({ length: ARTICLES }, (_, i) => ({
    externalId: `gen-${i}`,
    title: `${pick(i)} ${pick(i * 7 + 3)} guide ${i}`,
    body: Array.from({ length: 6 }, (_, p) => `<p>${sentence(i * 31 + p)}</p>`).join(''),
    url: `https://help.bench.test/articles/gen-${i}`,
    locale: 'en-us',
  }));
  const articles = [...HELP_CENTER, ...generated];
  for (let i = 0; i < articles.length; i += 100) {
    await call('POST', `/admin/organizations/${organization.id}/knowledge/articles`, { articles: articles.slice(i, i + 100) });
  }
  await call('POST', `/admin/organizations/${organization.id}/topics`, { name: 'Legal', description: 'Legal', keywords: ['lawsuit'], noAssist: true });
  return organization.id;
}

async function waitForDecisionCount(app: INestApplication, count: number): Promise<void> {
  const { DataSource } = await import('typeorm');
  const db = app.get(DataSource);
  for (;;) {
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM decisions`);
    if (n >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const pick = (i: number) => WORDS[Math.abs(i) % WORDS.length];
const sentence = (i: number) =>
  `To manage your ${pick(i)} open the ${pick(i + 3)} page and choose ${pick(i + 5)} settings, then confirm the ${pick(i + 11)} change by email.`;
const question = (i: number) => `Hello, how do I change the ${pick(i)} for my ${pick(i + 2)}? I tried the ${pick(i + 9)} page already.`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const suites = (process.env.BENCH_SUITES ?? 'pipeline,knowledge,insights,topics').split(',');
  if (suites.includes('pipeline')) await benchPipeline();
  if (suites.includes('knowledge')) await benchKnowledge();
  if (suites.includes('insights')) await benchInsights();
  if (suites.includes('topics')) await benchTopics();
}

async function benchPipeline(): Promise<void> {
  const targets = (process.env.BENCH_TARGETS ?? 'postgres,embedded').split(',') as ('postgres' | 'embedded')[];
  const results: Figures[] = [];
  for (const target of targets) results.push(await benchTarget(target));
  console.log(`\n${WEBHOOKS} webhooks at concurrency ${CONCURRENCY}; ${PIPELINE_TICKETS} sequential pipeline runs; ${ARTICLES + HELP_CENTER.length} articles`);
  console.log('| database | webhook accept (req/s) | accept p50 / p99 (ms) | webhook → decision drain (tickets/s) | pipeline per ticket p50 / p99 (ms) |');
  console.log('|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.target} | ${r.acceptPerSecond.toFixed(0)} | ${r.acceptP50.toFixed(1)} / ${r.acceptP99.toFixed(1)} | ${r.drainPerSecond.toFixed(1)} | ${r.pipelineP50.toFixed(1)} / ${r.pipelineP99.toFixed(1)} |`,
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
