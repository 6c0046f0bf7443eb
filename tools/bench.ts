// npm run bench: webhook accept throughput and latency, and pipeline overhead per ticket with the offline
// LLM, on the machine's PostgreSQL (a temporary database) and on the embedded one. Figures, not assertions.
// BENCH_LOG=1 shows the app's logs; BENCH_TARGETS=postgres|embedded picks the databases;
// BENCH_SUITES=pipeline,knowledge,insights,topics,throughput (tools/bench/throughput.ts: figures beside ceilings).
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
import { percentile } from './bench/figures';
import { ZendeskSimulator } from '../test/support/zendesk-simulator';
import { BENCH_ADMIN_TOKEN, BENCH_ARTICLES, benchQuestion, setUpBenchOrganization } from './bench-app';
import { benchInsights } from './bench-insights';
import { benchKnowledge } from './bench-knowledge';
import { benchTopics } from './bench-topics';
import { benchThroughput } from './bench/throughput';

const WEBHOOKS = Number(process.env.BENCH_WEBHOOKS ?? 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const PIPELINE_TICKETS = Number(process.env.BENCH_PIPELINE_TICKETS ?? 100);

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
    ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
    SECRETS_KEY: 'bench-secrets-key-0123456789abcdef0123',
    ZENDESK_ALLOW_INSECURE_BASE_URL: 'true',
    SYNC_SCHEDULER_SECONDS: '0',
    ...(database ? { DATABASE_URL: database.url } : {}),
  });
  const app = await createApp(config, process.env.BENCH_LOG ? {} : { logger: false });
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  try {
    const organizationId = await setUpBenchOrganization(baseUrl, zendesk.baseUrl);
    const webhookUrl = `${baseUrl}/webhooks/zendesk/${organizationId}`;

    const tickets = Array.from({ length: WEBHOOKS }, (_, i) => zendesk.createTicket({ subject: `Question ${i}`, body: benchQuestion(i) }));
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
      const ticket = zendesk.createTicket({ subject: `Pipeline ${i}`, body: benchQuestion(i + 7) });
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

async function waitForDecisionCount(app: INestApplication, count: number): Promise<void> {
  const { DataSource } = await import('typeorm');
  const db = app.get(DataSource);
  for (;;) {
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM decisions`);
    if (n >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function main(): Promise<void> {
  const suites = (process.env.BENCH_SUITES ?? 'pipeline,knowledge,insights,topics,throughput').split(',');
  if (suites.includes('pipeline')) await benchPipeline();
  const retrieval = suites.includes('knowledge') ? await benchKnowledge() : undefined;
  if (suites.includes('insights')) await benchInsights();
  if (suites.includes('topics')) await benchTopics();
  // Last: its summary shows the knowledge suite's retrieval beside its bare HNSW query too.
  if (suites.includes('throughput')) await benchThroughput(retrieval);
}

async function benchPipeline(): Promise<void> {
  const targets = (process.env.BENCH_TARGETS ?? 'postgres,embedded').split(',') as ('postgres' | 'embedded')[];
  const results: Figures[] = [];
  for (const target of targets) results.push(await benchTarget(target));
  console.log(`\n${WEBHOOKS} webhooks at concurrency ${CONCURRENCY}; ${PIPELINE_TICKETS} sequential pipeline runs; ${BENCH_ARTICLES + HELP_CENTER.length} articles`);
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
