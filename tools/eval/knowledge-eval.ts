import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import MiniSearch from 'minisearch';
import { GroundedDraftService } from '../../src/modules/assist/application/grounded-draft.service';
import { KnowledgeBaseService } from '../../src/modules/knowledge-base/application/knowledge-base.service';
import { ArticleInput } from '../../src/modules/knowledge-base/domain/article';
import { escapeHtml } from '../../src/modules/assist/domain/internal-note';
import { createEvalOrganization } from './eval-app';

// A dataset folder: articles.jsonl {id, title, body, url, section} and tickets.jsonl {id, subject, body, …}.
interface DatasetArticle {
  id: string;
  title: string;
  body: string;
  url: string | null;
  section?: string;
}

interface DatasetTicket {
  id: string;
  subject: string;
  body: string;
}

export interface Prediction {
  ticket_id: string;
  ranked_article_ids: string[];
  abstain: boolean;
  reply?: string;
  cited_article_ids?: string[];
}

const INGEST_BATCH = 200;
const RANKED = 10;

export async function evaluateKnowledgeBase(app: INestApplication, datasetDir: string, outFile: string | undefined): Promise<void> {
  const articles = readJsonl<DatasetArticle>(join(datasetDir, 'articles.jsonl'));
  const tickets = readJsonl<DatasetTicket>(join(datasetDir, 'tickets.jsonl'));
  const organizationId = await createEvalOrganization(app);

  // The same ingestion path as the help-center sync: HTML in, chunks and embeddings out.
  const knowledgeBase = app.get(KnowledgeBaseService);
  const ingestStarted = performance.now();
  for (let i = 0; i < articles.length; i += INGEST_BATCH) {
    await knowledgeBase.upsertArticles(organizationId, articles.slice(i, i + INGEST_BATCH).map(toArticleInput));
  }
  await knowledgeBase.refreshStatistics();
  const ingestSeconds = (performance.now() - ingestStarted) / 1000;

  const groundedDrafts = app.get(GroundedDraftService);
  const ours: Prediction[] = [];
  const started = performance.now();
  for (const ticket of tickets) {
    const { rankedArticles, draft, passages } = await groundedDrafts.write({
      organizationId,
      subject: ticket.subject,
      customerComments: [ticket.body],
      customerName: null,
      customerLocale: null,
      signOff: 'Best regards',
    });
    const externalIdOf = new Map(passages.map((p) => [p.articleId, p.externalId]));
    ours.push({
      ticket_id: ticket.id,
      ranked_article_ids: rankedArticles.slice(0, RANKED).map((article) => article.externalId),
      abstain: !draft.sourced,
      reply: draft.reply,
      cited_article_ids: draft.citedArticleIds.map((id) => externalIdOf.get(id)!).filter(Boolean),
    });
  }
  const msPerTicket = (performance.now() - started) / tickets.length;

  const baseline = bm25Baseline(articles, tickets);
  const oursFile = outFile ?? join(tmpdir(), `assist-eval-${process.pid}.jsonl`);
  const baselineFile = join(tmpdir(), `assist-eval-bm25-${process.pid}.jsonl`);
  writeJsonl(oursFile, ours);
  writeJsonl(baselineFile, baseline);

  const scorer = findScorer(datasetDir);
  const score = (file: string) => JSON.parse(execFileSync(process.execPath, [scorer, file, join(datasetDir, 'tickets.jsonl'), '--json'], { encoding: 'utf8' }));
  const [oursScore, baselineScore] = [score(oursFile), score(baselineFile)];
  printComparison(oursScore.overall, baselineScore.overall);
  console.log(`\n${articles.length} articles ingested in ${ingestSeconds.toFixed(1)} s; ${tickets.length} tickets, ${msPerTicket.toFixed(1)} ms each`);
  if (outFile) console.log(`Predictions written to ${outFile}`);
}

// The dataset's plain-text sections ("Heading\ntext…" separated by blank lines) become the HTML a help center holds.
function toArticleInput(article: DatasetArticle): ArticleInput {
  const html = article.body
    .split(/\n\s*\n/)
    .map((section) => {
      const [heading, ...rest] = section.trim().split('\n');
      return rest.length > 0 ? `<h2>${escapeHtml(heading)}</h2><p>${escapeHtml(rest.join(' '))}</p>` : `<p>${escapeHtml(heading)}</p>`;
    })
    .join('\n');
  return { externalId: article.id, title: article.title, bodyHtml: html, url: article.url ?? '', locale: 'en-us' };
}

// Plain BM25 (MiniSearch: title ×2, query = subject + body). It stays quiet on the quarter of tickets whose best
// match scores lowest, about the share of unanswerable tickets in a help desk.
function bm25Baseline(articles: DatasetArticle[], tickets: DatasetTicket[]): Prediction[] {
  const index = new MiniSearch<DatasetArticle>({ fields: ['title', 'body'], idField: 'id', searchOptions: { boost: { title: 2 } } });
  index.addAll(articles);
  const results = tickets.map((ticket) => ({ ticket, hits: index.search(`${ticket.subject} ${ticket.body}`) }));
  const topScores = results.map((r) => r.hits[0]?.score ?? 0).sort((a, b) => a - b);
  const quietBelow = topScores[Math.floor(topScores.length / 4)];
  return results.map(({ ticket, hits }) => ({
    ticket_id: ticket.id,
    ranked_article_ids: hits.slice(0, RANKED).map((hit) => String(hit.id)),
    abstain: (hits[0]?.score ?? 0) < quietBelow,
  }));
}

type Scores = Record<string, Record<string, number | null>>;

function printComparison(ours: Scores, baseline: Scores): void {
  const rows: [string, string, string][] = [
    ['hit@1', 'retrieval_on_answerable', 'hit@1'],
    ['hit@3', 'retrieval_on_answerable', 'hit@3'],
    ['hit@5', 'retrieval_on_answerable', 'hit@5'],
    ['hit@10', 'retrieval_on_answerable', 'hit@10'],
    ['MRR@10', 'retrieval_on_answerable', 'MRR@10'],
    ['nDCG@10', 'retrieval_on_answerable', 'nDCG@10'],
    ['stay-quiet precision', 'stay_quiet', 'precision'],
    ['stay-quiet recall', 'stay_quiet', 'recall'],
    ['stay-quiet F1', 'stay_quiet', 'f1'],
    ['answered with gold top-1', 'end_to_end', 'answered_with_gold_top1_rate_on_answerable'],
    ['citation precision', 'end_to_end', 'citation_precision'],
    ['reply token F1', 'end_to_end', 'reply_token_f1_vs_reference'],
  ];
  const format = (value: number | null | undefined) => (value === null || value === undefined ? '–' : value.toFixed(3));
  console.log('| metric | Assist (offline) | BM25 baseline |');
  console.log('|---|---|---|');
  for (const [label, group, key] of rows) console.log(`| ${label} | ${format(ours[group][key])} | ${format(baseline[group][key])} |`);
}

function findScorer(datasetDir: string): string {
  const candidates = [join(datasetDir, 'score.js'), join(dirname(datasetDir), 'score.js')];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`No score.js in ${candidates.join(' or ')}`);
  return found;
}

export function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

export function writeJsonl(file: string, rows: unknown[]): void {
  writeFileSync(file, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
}
