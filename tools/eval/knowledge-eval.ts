import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import MiniSearch from 'minisearch';
import { GroundedDraftService } from '../../src/modules/assist/application/grounded-draft.service';
import { KnowledgeBaseService } from '../../src/modules/knowledge-base/application/knowledge-base.service';
import { TrainingAnswersService } from '../../src/modules/knowledge-base/application/training-answers.service';
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
  gold_article_ids?: string[];
  reference_answer?: string | null;
  // An assessor's rewording of the same question.
  nist_paraphrase?: string;
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
      // The evaluation's organization has no Zendesk of its own: its drafts may link to its articles only.
      organizationHosts: [],
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
  await evaluateTrainingAnswers(app, organizationId, tickets, ours);
}

// Correcting the answer: for each paraphrased ticket Assist got wrong (top-1 not gold) or stayed quiet on, a rep
// saves the reference answer as a training answer, through the service the training page uses; its paraphrase,
// asked as a new ticket, should then be answered from it, and no other ticket should pick any of them up.
async function evaluateTrainingAnswers(app: INestApplication, organizationId: string, tickets: DatasetTicket[], ours: Prediction[]): Promise<void> {
  const groundedDrafts = app.get(GroundedDraftService);
  const trainingAnswers = app.get(TrainingAnswersService);
  const predictionOf = new Map(ours.map((prediction) => [prediction.ticket_id, prediction]));
  const corrected = tickets.filter((ticket) => {
    const prediction = predictionOf.get(ticket.id)!;
    const wrong = !(ticket.gold_article_ids ?? []).includes(prediction.ranked_article_ids[0]);
    return ticket.nist_paraphrase && ticket.reference_answer && (prediction.abstain || wrong);
  });
  const askParaphrases = () =>
    Promise.all(
      corrected.map(async (ticket) => {
        const { draft, passages } = await ask({ subject: '', body: ticket.nist_paraphrase! });
        return { ticket, citedTraining: draft.citedArticleIds.filter((id) => passages.some((p) => p.articleId === id && p.externalId.startsWith('training:'))) };
      }),
    );
  const ask = (ticket: Pick<DatasetTicket, 'subject' | 'body'>) =>
    groundedDrafts.write({ organizationId, subject: ticket.subject, customerComments: [ticket.body], customerName: null, customerLocale: null, signOff: 'Best regards', organizationHosts: [] });

  const before = await askParaphrases();
  const savedFor = new Map<string, string>();
  for (const ticket of corrected) {
    const saved = await trainingAnswers.create(organizationId, { question: `${ticket.subject}\n\n${ticket.body}`, answer: ticket.reference_answer!, createdBy: 'evaluation' });
    savedFor.set(saved.id, ticket.id);
  }
  const after = await askParaphrases();
  const citesOwn = (run: Awaited<ReturnType<typeof askParaphrases>>[number]) => run.citedTraining.some((id) => savedFor.get(id) === run.ticket.id);

  // Every other ticket (its own answer was not saved) must not be answered from a training answer.
  const others = tickets.filter((ticket) => !corrected.includes(ticket));
  let falsePickups = 0;
  for (const ticket of others) {
    const { passages } = await ask(ticket);
    if (passages.some((p) => p.externalId.startsWith('training:'))) falsePickups++;
  }
  const rate = (count: number, of: number) => `${(of === 0 ? 0 : count / of).toFixed(3)} (${count}/${of})`;
  console.log(`\nTraining answers: ${corrected.length} of ${tickets.filter((t) => t.nist_paraphrase).length} paraphrased tickets wrong or quiet, their reference answer saved`);
  console.log('| metric | before | after |');
  console.log('|---|---|---|');
  console.log(`| paraphrase cites its training answer | ${rate(before.filter(citesOwn).length, corrected.length)} | ${rate(after.filter(citesOwn).length, corrected.length)} |`);
  console.log(`| other ticket picks a training answer up | – | ${rate(falsePickups, others.length)} |`);
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
