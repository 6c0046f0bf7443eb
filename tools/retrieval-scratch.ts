// A 100,000-chunk knowledge base built once and kept, for measuring retrieval between code changes without the
// knowledge bench's ~6-minute build each time (docs/performance.md, "Retrieval over 100,000 chunks").
//   npx ts-node --transpile-only tools/retrieval-scratch.ts build       the bench's articles through the ingestion path
//   npx ts-node --transpile-only tools/retrieval-scratch.ts run [file]  300 questions as the bench times them, plus the
//                                                                       CPU a search costs; [file]: the results, to
//                                                                       compare two builds with `cmp`
//   npx ts-node --transpile-only tools/retrieval-scratch.ts drop
import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import pgvector from 'pgvector';
import { DataSource } from 'typeorm';
import { AppConfig } from '../src/config/app-config';
import { createApp } from '../src/create-app';
import { KnowledgeBaseService } from '../src/modules/knowledge-base/application/knowledge-base.service';
import { Embedder } from '../src/modules/llm/application/ports/embedder';
import { OrganizationsService } from '../src/modules/organizations/application/organizations.service';
import { withAdmin } from '../test/support/test-database';
import { article, benchQuestions, TARGET_CHUNKS } from './bench-knowledge';
import { percentile } from './bench/figures';
import { processCpuMs } from './bench/cpu-time';

const DATABASE = process.env.RETRIEVAL_SCRATCH_DATABASE ?? 'retrieval_scratch';
const ARTICLES_A_BATCH = 500;

async function withApp<T>(work: (app: INestApplication) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(join(tmpdir(), 'retrieval-scratch-'));
  const config = AppConfig.load({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    ADMIN_TOKEN: 'bench-admin-token-0123456789',
    SECRETS_KEY: 'bench-secrets-key-0123456789abcdef0123',
    SYNC_SCHEDULER_SECONDS: '0',
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${DATABASE}`,
  });
  // Initialized and ready as createApp returns it.
  const app = await createApp(config, { logger: false });
  try {
    return await work(app);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function build(): Promise<void> {
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${DATABASE}`));
  await withApp(async (app) => {
    const organization = await app.get(OrganizationsService).register({
      name: 'Bench',
      zendesk: { baseUrl: 'https://bench.zendesk.com', email: 'agent@example.com', apiToken: 'unused-token' },
      webhookSigningSecret: 'bench-signing-secret-0123',
    });
    const knowledgeBase = app.get(KnowledgeBaseService);
    const db = app.get(DataSource);
    const chunkCount = async () => Number((await db.query(`SELECT count(*) AS n FROM kb_chunks`))[0].n);
    for (let batch = 0; (await chunkCount()) < TARGET_CHUNKS; batch++) {
      const articles = Array.from({ length: ARTICLES_A_BATCH }, (_, i) => {
        const generated = article(batch * ARTICLES_A_BATCH + i);
        return { externalId: `scratch-${batch}-${i}`, title: generated.title, bodyHtml: generated.body, url: `https://help.bench.test/${batch}/${i}`, locale: 'en-us' };
      });
      await knowledgeBase.upsertArticles(organization.id, articles);
    }
    await knowledgeBase.refreshStatistics();
    console.log(`${DATABASE}: ${await chunkCount()} chunks`);
  });
}

// As the bench: each question's search (embedding it included), then the bare HNSW query on its embedding.
async function run(resultsFile: string | undefined): Promise<void> {
  await withApp(async (app) => {
    const db = app.get(DataSource);
    const [{ id: organizationId }] = await db.query(`SELECT id FROM organizations LIMIT 1`);
    const knowledgeBase = app.get(KnowledgeBaseService);
    const embedder = app.get(Embedder);
    const questions = benchQuestions();
    // The pool's connections, opened by a first pass over a few questions; their CPU read from /proc around each call.
    for (const question of questions.slice(0, 20)) await knowledgeBase.findPassages(organizationId, question, 10);
    const backends: { pid: number }[] = await db.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`);
    const backendCpuMs = () => backends.reduce((sum, { pid }) => sum + (processCpuMs(pid) ?? 0), 0);
    const timed = async (times: number[], cpu: { node: number; backend: number }, work: () => Promise<unknown>) => {
      const [node, backend, started] = [process.cpuUsage(), backendCpuMs(), performance.now()];
      const result = await work();
      times.push(performance.now() - started);
      const used = process.cpuUsage(node);
      cpu.node += (used.user + used.system) / 1000;
      cpu.backend += backendCpuMs() - backend;
      return result;
    };
    const hybrid = { times: [] as number[], cpu: { node: 0, backend: 0 } };
    const bare = { times: [] as number[], cpu: { node: 0, backend: 0 } };
    const results = [];
    for (const question of questions) {
      results.push(await timed(hybrid.times, hybrid.cpu, () => knowledgeBase.findPassages(organizationId, question, 10)));
      const [embedding] = await embedder.embed([question]);
      await timed(bare.times, bare.cpu, () =>
        db.query(
          `SELECT id FROM kb_chunks WHERE embedding_model = '${embedder.model}'
            ORDER BY embedding::vector(${embedding.length}) <=> $1::vector(${embedding.length}) LIMIT 10`,
          [pgvector.toSql(embedding)],
        ),
      );
    }
    // Both CPU figures include what the app's background work (the job queue's polling) spent meanwhile.
    for (const [label, { times, cpu }] of [['hybrid', hybrid], ['bare', bare]] as const) {
      const perSearch = (ms: number) => (ms / questions.length).toFixed(2);
      console.log(`${label}: p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms; Node CPU ${perSearch(cpu.node)} ms, backends' CPU ${perSearch(cpu.backend)} ms a search`);
    }
    console.log(`load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
    if (resultsFile) writeFileSync(resultsFile, JSON.stringify(results));
  });
}

const [command, argument] = process.argv.slice(2);
const commands: Record<string, () => Promise<void>> = {
  build,
  run: () => run(argument),
  drop: () => withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`)).then(() => undefined),
};
if (!commands[command]) throw new Error(`Usage: retrieval-scratch.ts build | run [results.json] | drop`);
commands[command]().catch((error) => {
  console.error(error);
  process.exit(1);
});
