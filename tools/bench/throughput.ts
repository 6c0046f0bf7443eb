// npm run bench (throughput part, BENCH_SUITES=throughput): every throughput figure beside the machine's ceiling,
// measured in the same run, with CONNECTIONS keep-alive clients (autocannon) against the production build in
// processes of their own, on the machine's PostgreSQL (temporary databases). Figures and ratios, no assertions.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SIGNING_SECRET } from '../../test/support/assist-fixture';
import { createTestDatabase } from '../../test/support/test-database';
import { adminApi } from '../bench-app';
import { CommitFigures, nodeCommits, pgbenchCommits, prepareCommitTable } from './commits';
import { benchDrain, appEnvironment, DrainFigures, WORKER_CONCURRENCY } from './drain';
import { describeTarget, formatNumber, formatRatio, markdownTable, RetrievalFigures } from './figures';
import { CONNECTIONS, describeAnswers, hammer, LOAD_SECONDS, LoadFigures, MachineLoad } from './load';
import { ensureProductionBuild, onInterrupt, startBareServer, startProductionApp } from './processes';
import { signedDeliveries } from './signed-webhooks';

const DRAIN_WORKERS = [1, 2];

interface WebFigures {
  bare: LoadFigures;
  live: LoadFigures;
  startPage: LoadFigures;
  pgbench: CommitFigures;
  node: CommitFigures;
  intake: LoadFigures;
}

// `retrieval`: the knowledge suite's figures when it ran in the same invocation (BENCH_SUITES=knowledge,throughput).
export async function benchThroughput(retrieval?: RetrievalFigures): Promise<void> {
  ensureProductionBuild();
  console.error(`Throughput: ${CONNECTIONS} connections, ${LOAD_SECONDS} s a figure; load ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`);
  const web = await benchWebInstance();
  const drains = await benchDrain(DRAIN_WORKERS);
  printSummary(web, drains, retrieval);
}

async function benchWebInstance(): Promise<WebFigures> {
  const bareServer = await startBareServer();
  let bare: LoadFigures;
  try {
    bare = await hammer({ url: `${bareServer.process.baseUrl}/health/live` });
    progress('bare node:http', rate(bare, 'req/s'));
  } finally {
    await bareServer.stop();
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'assist-bench-web-'));
  const database = await createTestDatabase();
  const dropDatabase = onInterrupt(() => database.drop());
  const web = await startProductionApp('web', appEnvironment(database.url, dataDir)).catch(async (error) => {
    await dropDatabase();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  try {
    const live = await hammer({ url: `${web.process.baseUrl}/health/live` });
    progress('/health/live', rate(live, 'req/s'));
    // The liveness probe is a Fastify route of its own: the start page shows what a route through Nest costs.
    const startPage = await hammer({ url: `${web.process.baseUrl}/` });
    progress('GET /', rate(startPage, 'req/s'));
    await prepareCommitTable(database.url);
    const pgbench = await pgbenchCommits(database.url);
    progress('pgbench commits', rate(pgbench, 'commits/s'));
    const node = await nodeCommits(database.url);
    progress('Node commits', rate(node, 'commits/s'));
    // Intake does not call Zendesk: the organization's base URL is never dialled.
    const { id: organizationId } = await adminApi(web.process.baseUrl)('POST', '/admin/organizations', {
      name: 'Intake',
      zendesk: { baseUrl: 'http://127.0.0.1:9', email: 'agent@example.com', apiToken: 'sim-token' },
      webhookSigningSecret: SIGNING_SECRET,
    });
    let ticket = 1_000_000;
    const intake = await hammer({ url: web.process.baseUrl, setupRequest: signedDeliveries(() => ({ organizationId, ticketId: String(ticket++) })) });
    progress('webhook intake', `${rate(intake, 'req/s')}; ${describeAnswers(intake)}`);
    if (intake.statuses[202] !== intake.answers) console.error(`Webhook intake: not every answer was 202 (${describeAnswers(intake)}):\n${web.tail()}`);
    return { bare, live, startPage, pgbench, node, intake };
  } finally {
    await web.stop();
    await dropDatabase();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const progress = (label: string, figures: string) => console.error(`  ${label}: ${figures} (load ${loadavg()[0].toFixed(2)})`);
const ms = (value: number) => `${formatNumber(value)} ms`;
const rate = (figures: Pick<LoadFigures, 'perSecond' | 'p50' | 'p99'>, unit: string) =>
  `${formatNumber(figures.perSecond)} ${unit}, p50 ${ms(figures.p50)}, p99 ${ms(figures.p99)}`;
const loadCell = (load: MachineLoad) => `${load.before.toFixed(2)} → ${load.after.toFixed(2)}`;

function printSummary(web: WebFigures, drains: DrainFigures[], retrieval?: RetrievalFigures): void {
  const { bare, live, startPage, pgbench, node, intake } = web;
  const commitRatio = intake.perSecond / node.perSecond;
  const rows: string[][] = [
    ['bare `node:http` server (own process, same JSON)', rate(bare, 'req/s'), 'is the ceiling', '', '', loadCell(bare.load)],
    [
      '`GET /health/live`, production build, web-only instance',
      rate(live, 'req/s'),
      `bare: ${formatNumber(bare.perSecond)} req/s`,
      formatRatio(live.perSecond, bare.perSecond),
      describeTarget('× bare', live.perSecond / bare.perSecond, { atLeast: 0.5 }),
      loadCell(live.load),
    ],
    [
      '`GET /` (the start page: Nest’s route pipeline and the page headers, no database), same instance',
      rate(startPage, 'req/s'),
      `bare: ${formatNumber(bare.perSecond)} req/s`,
      formatRatio(startPage.perSecond, bare.perSecond),
      '',
      loadCell(startPage.load),
    ],
    [`one-row INSERT commits, pgbench (C client, ${CONNECTIONS} clients, -j 2)`, rate(pgbench, 'commits/s'), 'is a ceiling', '', '', loadCell(pgbench.load)],
    [`the same INSERT from Node with \`pg\` (${CONNECTIONS} clients)`, rate(node, 'commits/s'), 'is the webhook’s ceiling', formatRatio(node.perSecond, pgbench.perSecond) + ' pgbench', '', loadCell(node.load)],
    [
      `signed webhook → 202 (durable), same web-only instance; ${describeAnswers(intake)}`,
      rate(intake, 'req/s'),
      `Node commits: ${formatNumber(node.perSecond)}/s (pgbench ${formatNumber(pgbench.perSecond)}/s, bare ${formatNumber(bare.perSecond)} req/s)`,
      `${formatRatio(intake.perSecond, node.perSecond)} (${formatRatio(intake.perSecond, pgbench.perSecond)} pgbench, ${formatRatio(intake.perSecond, bare.perSecond)} bare)`,
      `${describeTarget('× Node commits', commitRatio, { atLeast: 0.35 })}; p99 ${describeTarget(' ms', intake.p99, { atMost: 30 })}`,
      loadCell(intake.load),
    ],
    ...drains.map((drain) => [
      `webhook → decision drain, ${drain.workers} worker instance${drain.workers > 1 ? 's' : ''} (WORKER_CONCURRENCY ${WORKER_CONCURRENCY}), ${formatNumber(drain.tickets)} tickets`,
      `${formatNumber(drain.perSecond)} tickets/s`,
      `Zendesk budgets of the accounts: ${formatNumber(drain.budgetCeiling)} tickets/s`,
      formatRatio(drain.perSecond, drain.budgetCeiling),
      drain.workers === 2 ? describeTarget(' tickets/s', drain.perSecond, { atLeast: 150 }) : '',
      loadCell(drain.load),
    ]),
    retrievalRow(retrieval),
  ];
  console.log(`\nThroughput beside the machine's ceilings (${CONNECTIONS} keep-alive connections, ${LOAD_SECONDS} s a figure, ${cpus().length} cores):`);
  console.log(markdownTable(['figure', 'measured', 'ceiling, same run', 'ratio', 'target', 'load 1 min, before → after'], rows));
  console.log(`\nThe drain's details (the webhooks were queued by the signed intake, no worker running; then workers started and timed from when all answered):`);
  console.log(
    markdownTable(
      ['workers', 'queued by intake', 'Zendesk requests a ticket', 'CPU a ticket: workers, PostgreSQL, bench', 'decisions'],
      drains.map((drain) => [
        String(drain.workers),
        `${rate(drain.intake, 'req/s')}; ${describeAnswers(drain.intake)}`,
        formatNumber(drain.zendeskRequestsPerTicket),
        [drain.cpuPerTicket.workers, drain.cpuPerTicket.database, drain.cpuPerTicket.bench].map((ms) => (ms === null ? 'n/a' : `${formatNumber(ms)} ms`)).join(', '),
        Object.entries(drain.outcomes).map(([outcome, n]) => `${n} ${outcome}`).join(', '),
      ]),
    ),
  );
}

function retrievalRow(retrieval?: RetrievalFigures): string[] {
  const figure = 'hybrid retrieval over 100k chunks (knowledge suite)';
  if (!retrieval) return [figure, 'not run: `BENCH_SUITES=knowledge,throughput npm run bench`', '', '', '≤ 5× bare HNSW at p50 and p99', ''];
  const p50 = retrieval.hybrid.p50 / retrieval.bare.p50;
  const p99 = retrieval.hybrid.p99 / retrieval.bare.p99;
  return [
    `hybrid retrieval over ${formatNumber(retrieval.chunks)} chunks (knowledge suite, in process)`,
    `p50 ${ms(retrieval.hybrid.p50)}, p99 ${ms(retrieval.hybrid.p99)}`,
    `bare HNSW \`ORDER BY embedding <=> $1 LIMIT 10\`: p50 ${ms(retrieval.bare.p50)}, p99 ${ms(retrieval.bare.p99)}`,
    `p50 ${formatRatio(retrieval.hybrid.p50, retrieval.bare.p50)}, p99 ${formatRatio(retrieval.hybrid.p99, retrieval.bare.p99)}`,
    `p50 ${describeTarget('×', p50, { atMost: 5 })}; p99 ${describeTarget('×', p99, { atMost: 5 })}`,
    '',
  ];
}
