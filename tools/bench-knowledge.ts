// npm run bench (knowledge part): a full Help Center sync of generated articles from the simulator with the
// offline embedder, a second unchanged sync, and hybrid retrieval latency over ≥100,000 chunks beside a bare
// pgvector query, on the machine's PostgreSQL. Figures, not assertions.
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pgvector from 'pgvector';
import { DataSource } from 'typeorm';
import { AppConfig } from '../src/config/app-config';
import { createApp } from '../src/create-app';
import { KnowledgeBaseService } from '../src/modules/knowledge-base/application/knowledge-base.service';
import { SyncRunsService } from '../src/modules/knowledge-base/application/sync-runs.service';
import { SyncRun } from '../src/modules/knowledge-base/domain/sync-run';
import { Embedder } from '../src/modules/llm/application/ports/embedder';
import { OrganizationsService } from '../src/modules/organizations/application/organizations.service';
import { createTestDatabase } from '../test/support/test-database';
import { ZendeskSimulator } from '../test/support/zendesk-simulator';
import { percentile, RetrievalFigures } from './bench/figures';

const ARTICLES = Number(process.env.BENCH_SYNC_ARTICLES ?? 10_000);
const WORDS_PER_ARTICLE = 800;
export const TARGET_CHUNKS = Number(process.env.BENCH_RETRIEVAL_CHUNKS ?? 100_000);
const QUERIES = 300;

// A vocabulary with a realistic spread: a few very common words, many rare ones (Zipf-like draws).
const SYLLABLES = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pa', 'qui', 'dro', 'fen', 'gla', 'hor', 'jun'];
const VOCABULARY = Array.from({ length: 6000 }, (_, i) => SYLLABLES[i % 16] + SYLLABLES[(i >> 4) % 16] + SYLLABLES[(i >> 8) % 16] + (i >> 12 || ''));
let seed = 42;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const word = () => VOCABULARY[Math.floor(VOCABULARY.length * random() ** 3)];
const sentence = (n: number) => Array.from({ length: n }, word).join(' ') + '.';

// The timed questions: 18 words of the articles' vocabulary (tools/retrieval-scratch.ts asks the same ones).
export const benchQuestions = () => Array.from({ length: QUERIES }, () => `${sentence(8)} ${sentence(10)}`);

export function article(i: number): { title: string; body: string } {
  const sections = Array.from({ length: 4 }, (_, s) => `<h2>${word()} ${word()}</h2>${Array.from({ length: 4 }, () => `<p>${sentence(12)} ${sentence(13)} ${sentence(12)} ${sentence(13)}</p>`).join('')}`);
  return { title: `${word()} ${word()} ${word()} guide ${i}`, body: sections.join('') };
}

export async function benchKnowledge(): Promise<RetrievalFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'assist-bench-kb-'));
  const database = await createTestDatabase();
  const zendesk = await ZendeskSimulator.start();
  const config = AppConfig.load({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    ADMIN_TOKEN: 'bench-admin-token-0123456789',
    SECRETS_KEY: 'bench-secrets-key-0123456789abcdef0123',
    ZENDESK_ALLOW_INSECURE_BASE_URL: 'true',
    SYNC_SCHEDULER_SECONDS: '0',
    DATABASE_URL: database.url,
  });
  const app = await createApp(config, { logger: false });
  await app.init();
  try {
    for (let i = 0; i < ARTICLES; i++) zendesk.addArticle(article(i));
    const words = WORDS_PER_ARTICLE;
    const organization = await app.get(OrganizationsService).register({
      name: 'Bench',
      zendesk: { baseUrl: zendesk.baseUrl, email: 'agent@example.com', apiToken: 'sim-token' },
      webhookSigningSecret: 'bench-signing-secret-0123',
    });
    const runs = app.get(SyncRunsService);
    const first = await timedSync(runs, organization.id);
    const second = await timedSync(runs, organization.id);
    const db = app.get(DataSource);
    // The daily full reconciliation lists every article again; nothing changed, so nothing is embedded.
    await db.query(`UPDATE kb_sync_state SET last_full_pass_at = now() - interval '2 days'`);
    const reconciliation = await timedSync(runs, organization.id);
    const chunkCount = async () => Number((await db.query(`SELECT count(*) AS n FROM kb_chunks`))[0].n);
    const syncedChunks = await chunkCount();
    console.log(`\nHelp Center sync, ${ARTICLES} articles of ~${words} words, offline embedder, ${syncedChunks} chunks:`);
    console.log('| sync | time | fetched | added | unchanged | embedded (chunks) |');
    console.log('|---|---|---|---|---|---|');
    const rows = [['first (full pass)', first], ['second (incremental, nothing changed)', second], ['full reconciliation, nothing changed', reconciliation]] as const;
    for (const [label, { run, seconds }] of rows) {
      const c = run.counts;
      console.log(`| ${label} | ${seconds.toFixed(1)} s | ${c.fetched} | ${c.added} | ${c.unchanged} | ${c.embedded} |`);
    }

    // Grow the same organization to the retrieval target through the ingestion path.
    const knowledgeBase = app.get(KnowledgeBaseService);
    for (let batch = 0; (await chunkCount()) < TARGET_CHUNKS; batch++) {
      const more = Array.from({ length: 500 }, (_, i) => {
        const generated = article(ARTICLES + batch * 500 + i);
        return { externalId: `extra-${batch}-${i}`, title: generated.title, bodyHtml: generated.body, url: `https://help.bench.test/${batch}/${i}`, locale: 'en-us' };
      });
      await knowledgeBase.upsertArticles(organization.id, more);
    }
    await knowledgeBase.refreshStatistics();
    const chunks = await chunkCount();

    const embedder = app.get(Embedder);
    const questions = benchQuestions();
    const hybrid: number[] = [];
    const bare: number[] = [];
    for (const question of questions) {
      let t0 = performance.now();
      await knowledgeBase.findPassages(organization.id, question, 10);
      hybrid.push(performance.now() - t0);
      const [embedding] = await embedder.embed([question]);
      t0 = performance.now();
      // The bare nearest-neighbour query on this schema: the model's partial HNSW index, nothing else.
      await db.query(
        `SELECT id FROM kb_chunks WHERE embedding_model = '${embedder.model}'
          ORDER BY embedding::vector(${embedding.length}) <=> $1::vector(${embedding.length}) LIMIT 10`,
        [pgvector.toSql(embedding)],
      );
      bare.push(performance.now() - t0);
    }
    console.log(`\nRetrieval over ${chunks} chunks, ${QUERIES} queries (hybrid includes embedding the question):`);
    console.log('| query | p50 | p99 |');
    console.log('|---|---|---|');
    console.log(`| hybrid (chunk and article-field BM25, vectors per model, RRF by article) | ${percentile(hybrid, 50).toFixed(1)} ms | ${percentile(hybrid, 99).toFixed(1)} ms |`);
    console.log(`| bare \`ORDER BY embedding <=> $1 LIMIT 10\` (HNSW) | ${percentile(bare, 50).toFixed(1)} ms | ${percentile(bare, 99).toFixed(1)} ms |`);
    console.log(`| ratio hybrid / bare | ${(percentile(hybrid, 50) / percentile(bare, 50)).toFixed(1)}× | ${(percentile(hybrid, 99) / percentile(bare, 99)).toFixed(1)}× |`);
    return { chunks, hybrid: { p50: percentile(hybrid, 50), p99: percentile(hybrid, 99) }, bare: { p50: percentile(bare, 50), p99: percentile(bare, 99) } };
  } finally {
    await app.close();
    await zendesk.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function timedSync(runs: SyncRunsService, organizationId: string): Promise<{ run: SyncRun; seconds: number }> {
  const started = performance.now();
  let run = await runs.request(organizationId, 'cli');
  while (run.status === 'queued' || run.status === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 250));
    run = await runs.get(organizationId, run.id);
  }
  if (run.status !== 'succeeded') throw new Error(`Sync failed: ${run.error}`);
  return { run, seconds: (performance.now() - started) / 1000 };
}

