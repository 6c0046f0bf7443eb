import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { ticketQuestion } from '../../src/modules/zendesk/domain/ticket-question';
import { GroundedDraft, GroundedDraftService } from '../../src/modules/assist/application/grounded-draft.service';
import { KnowledgeBaseService } from '../../src/modules/knowledge-base/application/knowledge-base.service';
import { SolvedTicketsService } from '../../src/modules/knowledge-base/application/solved-tickets.service';
import { TrainingAnswersService } from '../../src/modules/knowledge-base/application/training-answers.service';
import { escapeHtml } from '../../src/modules/assist/domain/internal-note';
import { TicketComment, TicketSnapshot } from '../../src/modules/zendesk/domain/ticket';
import { SOURCING_MODEL } from '../../src/modules/llm/domain/sourcing-model';
import { sourcingSignals } from '../../src/modules/llm/domain/sourcing-signals';
import { Organization } from '../../src/modules/organizations/domain/organization';
import { candidateSignals } from './candidate-signals';
import { auroc, Features, LabelledTicket, scoreInSample } from './cross-validation';
import { createEvalOrganization } from './eval-app';
import { DatasetArticle, DatasetTicket, Prediction, readJsonl, ticketSnapshot, toArticleInput, writeJsonl } from './eval-dataset';
import { FragmentRate, fragmentRate, tokenF1 } from './reply-metrics';
import { runReferenceBaseline, scorePredictions, Scores } from './reference-baseline';
import { logisticPredictor } from './logistic-model';
import { evaluateMacroSuggestions, MacroEvaluation } from './macro-eval';
import { RankedTicket, RETRIEVAL_GRID } from './retrieval-study';
import { buildRetrievalQuery } from '../../src/modules/knowledge-base/domain/retrieval-query';

const INGEST_BATCH = 200;
const RANKED = 10;

export interface DatasetEvaluation {
  name: string;
  tickets: number;
  articles: number;
  // Assist first, then the reference BM25 (plain, and with the customer's earlier turns when tickets have some).
  columns: { label: string; scores: Scores }[];
  // AUROC of the shipped sourcing score, on tickets it was fitted on (the cross-validated figures are the study's).
  sourcedAuroc: number;
  fragments: FragmentRate;
  // The sourcing model as shipped, on every ticket: in-sample, since it was fitted on the dev sets.
  inSample: ReturnType<typeof scoreInSample>;
  // Each ticket's stay-quiet features and label, for the study across datasets and `--fit-sourcing`.
  labelled: LabelledTicket[];
  notes: string[];
  ingestSeconds: number;
  msPerTicket: number;
  // With --retrieval-cv: each answerable ticket's gold rank under every weighting of the grid.
  rankedByWeighting?: RankedTicket[];
  // Half the articles loaded as macros, in an organization of its own: which tickets get which macro suggested.
  macros?: MacroEvaluation;
}

export interface KnowledgeEvalOptions {
  outFile?: string;
  retrievalCrossValidation?: boolean;
}

// One dataset through the pipeline's own path: its articles ingested as the sync does, each ticket built as
// Zendesk would send it and read by the pipeline's `ticketQuestion`, then `GroundedDraftService`.
export async function evaluateKnowledgeBase(app: INestApplication, datasetDir: string, { outFile, retrievalCrossValidation }: KnowledgeEvalOptions): Promise<DatasetEvaluation> {
  const articles = readJsonl<DatasetArticle>(join(datasetDir, 'articles.jsonl'));
  const tickets = readJsonl<DatasetTicket>(join(datasetDir, 'tickets.jsonl'));
  const organization = await createEvalOrganization(app);
  const notes: string[] = [];

  const knowledgeBase = app.get(KnowledgeBaseService);
  const ingestStarted = performance.now();
  for (let i = 0; i < articles.length; i += INGEST_BATCH) {
    await knowledgeBase.upsertArticles(organization.id, articles.slice(i, i + INGEST_BATCH).map(toArticleInput));
  }
  await knowledgeBase.refreshStatistics();
  const ingestSeconds = (performance.now() - ingestStarted) / 1000;

  const ask = askerFor(app, organization);
  const ours: Prediction[] = [];
  const labelled: LabelledTicket[] = [];
  const started = performance.now();
  for (const ticket of tickets) {
    const grounded = await ask(ticket);
    const externalIdOf = new Map(grounded.passages.map((p) => [p.articleId, p.externalId]));
    ours.push({
      ticket_id: ticket.id,
      ranked_article_ids: grounded.rankedArticles.slice(0, RANKED).map((article) => article.externalId),
      abstain: !grounded.draft.sourced,
      reply: grounded.draft.reply,
      cited_article_ids: grounded.draft.citedArticleIds.map((id) => externalIdOf.get(id)!).filter(Boolean),
    });
    labelled.push({ id: ticket.id, features: stayQuietFeatures(ticket.subject, grounded), shouldAbstain: !ticket.answerable });
  }
  const msPerTicket = (performance.now() - started) / tickets.length;

  const name = basename(resolve(datasetDir));
  const predictionsFile = (variant: string) => join(tmpdir(), `assist-eval-${process.pid}-${name}-${variant}.jsonl`);
  const oursFile = outFile ?? predictionsFile('assist');
  writeJsonl(oursFile, ours);
  const columns = [{ label: 'Assist', scores: scorePredictions(datasetDir, oursFile) }];
  const withHistory = tickets.some((ticket) => (ticket.history ?? []).length > 0);
  for (const history of withHistory ? [false, true] : [false]) {
    const file = predictionsFile(history ? 'bm25-history' : 'bm25');
    runReferenceBaseline(datasetDir, file, { history });
    columns.push({ label: history ? 'BM25 --history' : 'BM25', scores: scorePredictions(datasetDir, file) });
  }
  if (outFile) notes.push(`Predictions written to ${outFile}`);

  // The shipped model read from the recorded features must be what decided: else the figures are of something else.
  const shipped = logisticPredictor(SOURCING_MODEL);
  const disagreements = labelled.filter((t, i) => shipped.abstain(t.features) !== ours[i].abstain).length;
  if (disagreements > 0) notes.push(`The sourcing score's features disagree with ${disagreements} drafts' sourced flag (a model writer?): figures are the offline score's`);
  const ourF1 = replyTokenF1(tickets, ours);
  const scoredF1 = columns[0].scores.end_to_end.reply_token_f1_vs_reference;
  if (scoredF1 !== null && Math.abs(ourF1 - scoredF1) > 0.0005) notes.push(`reply-metrics token F1 ${ourF1.toFixed(3)} differs from score.js ${scoredF1}`);

  const evaluation: DatasetEvaluation = {
    name,
    tickets: tickets.length,
    articles: articles.length,
    columns,
    sourcedAuroc: auroc(labelled.map((t) => t.shouldAbstain), labelled.map((t) => shipped.abstainScore(t.features))),
    fragments: fragmentRate(ours.filter((p) => !p.abstain).map((p) => p.reply!), { signOff: organization.settings.signOff }),
    inSample: scoreInSample(labelled, shipped),
    labelled,
    notes,
    ingestSeconds,
    msPerTicket,
  };
  if (retrievalCrossValidation) evaluation.rankedByWeighting = await rankUnderEveryWeighting(app, organization, tickets);
  // Before the training answers: the paraphrases must meet the solved tickets without a rep's answer ahead of them.
  // Only this section's asker reads solved tickets, so they change no other figure.
  if (tickets.some((ticket) => ticket.nist_paraphrase)) await evaluateSolvedTickets(app, organization, tickets);
  if (tickets.some((ticket) => ticket.nist_paraphrase)) await evaluateTrainingAnswers(app, organization, tickets, ours);
  // Last: its organization's vectors join the shared index only once every figure above is taken.
  evaluation.macros = await evaluateMacroSuggestions(app, name, articles, tickets);
  return evaluation;
}

// Each answerable ticket ranked as the pipeline ranks it (its query built by the same code), once per weighting.
async function rankUnderEveryWeighting(app: INestApplication, organization: Organization, tickets: DatasetTicket[]): Promise<RankedTicket[]> {
  const knowledgeBase = app.get(KnowledgeBaseService);
  const ranked: RankedTicket[] = [];
  for (const ticket of tickets.filter((t) => t.answerable)) {
    const question = ticketQuestion(ticketSnapshot(ticket));
    const query = buildRetrievalQuery(question.subject, question.customerComments, question.answeredCustomerComments);
    const gold = new Set((ticket.gold_article_ids ?? []).map(String));
    const goldRank: (number | null)[] = [];
    for (const weights of RETRIEVAL_GRID) {
      const passages = await knowledgeBase.findPassages(organization.id, query, RANKED, question.customerLocale, weights);
      const articles = [...new Set(passages.map((p) => p.externalId))];
      const index = articles.findIndex((id) => gold.has(id));
      goldRank.push(index < 0 ? null : index + 1);
    }
    ranked.push({ id: ticket.id, goldRank });
  }
  return ranked;
}

// What GroundedDraftService.write receives in the pipeline, for a dataset ticket built as a Zendesk ticket.
// With `solvedTickets`, as for an organization that has them on.
function askerFor(app: INestApplication, organization: Organization, { solvedTickets = false } = {}) {
  const groundedDrafts = app.get(GroundedDraftService);
  return (ticket: Pick<DatasetTicket, 'id' | 'subject' | 'body' | 'history'>) =>
    groundedDrafts.write({
      organizationId: organization.id,
      ...ticketQuestion(ticketSnapshot(ticket)),
      signOff: organization.settings.signOff,
      organizationHosts: [new URL(organization.zendeskBaseUrl).host],
      ...(solvedTickets && { solvedTickets: { ticketId: ticket.id, zendeskBaseUrl: organization.zendeskBaseUrl } }),
    });
}

// The shipped sourcing signals, and the candidates tried beside them, as the draft writer saw the ticket.
function stayQuietFeatures(subject: string, grounded: GroundedDraft): Features {
  const request = { subject, question: grounded.question, passages: grounded.passages };
  return { ...sourcingSignals(request), ...candidateSignals(request) };
}

// Mean token F1 of answered answerable tickets with a reference answer, as score.js counts it.
function replyTokenF1(tickets: DatasetTicket[], ours: Prediction[]): number {
  const values = tickets.flatMap((ticket, i) =>
    ticket.answerable && !ours[i].abstain && ours[i].reply && ticket.reference_answer ? [tokenF1(ours[i].reply!, ticket.reference_answer)] : [],
  );
  return values.length === 0 ? 0 : values.reduce((sum, v) => sum + v, 0) / values.length;
}

// Correcting the answer: for each paraphrased ticket Assist got wrong (top-1 not gold) or stayed quiet on, a rep
// saves the reference answer as a training answer, through the service the training page uses; its paraphrase,
// asked as a new ticket, should then be answered from it, and no other ticket should pick any of them up.
async function evaluateTrainingAnswers(app: INestApplication, organization: Organization, tickets: DatasetTicket[], ours: Prediction[]): Promise<void> {
  const ask = askerFor(app, organization);
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
        const { draft, passages } = await ask({ id: `${ticket.id}-paraphrase`, subject: '', body: ticket.nist_paraphrase! });
        return { ticket, citedTraining: draft.citedArticleIds.filter((id) => passages.some((p) => p.articleId === id && p.externalId.startsWith('training:'))) };
      }),
    );

  const before = await askParaphrases();
  const savedFor = new Map<string, string>();
  for (const ticket of corrected) {
    const saved = await trainingAnswers.create(organization.id, { question: `${ticket.subject}\n\n${ticket.body}`, answer: ticket.reference_answer!, createdBy: 'evaluation' });
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

// Solved tickets as past answers: each paraphrased ticket with a reference answer is loaded as a solved ticket (its
// subject and body, then the reference answer as the agent's reply) through the service the sync uses, so its
// pair is redacted as a synced one would be. Its paraphrase, asked as a new ticket, should find it (ground the
// draft) and cite it (lead it); every other ticket, its own pair never a candidate, should find none.
async function evaluateSolvedTickets(app: INestApplication, organization: Organization, tickets: DatasetTicket[]): Promise<void> {
  const ask = askerFor(app, organization, { solvedTickets: true });
  const solvedTickets = app.get(SolvedTicketsService);
  const loaded = tickets.filter((ticket) => ticket.nist_paraphrase && ticket.reference_answer);
  const paraphrase = (ticket: DatasetTicket) => ({ id: `${ticket.id}-paraphrase`, subject: '', body: ticket.nist_paraphrase! });
  // The paraphrases' replies against their reference answers, before any solved ticket is kept.
  const askWithout = askerFor(app, organization);
  const replyF1 = (replies: string[]) => replies.reduce((sum, reply, i) => sum + tokenF1(reply, loaded[i].reference_answer!), 0) / Math.max(1, replies.length);
  const before = replyF1(await Promise.all(loaded.map(async (ticket) => (await askWithout(paraphrase(ticket))).draft.reply)));
  let kept = 0;
  for (const ticket of loaded) {
    const outcome = await solvedTickets.keep(organization.id, solvedSnapshot(ticket));
    if (outcome === 'added' || outcome === 'updated') kept++;
  }
  let found = 0;
  let cited = 0;
  const replies: string[] = [];
  for (const ticket of loaded) {
    const { draft, passages } = await ask(paraphrase(ticket));
    const own = passages.find((p) => p.externalId === `solved_ticket:${ticket.id}`);
    if (own) found++;
    if (own && draft.citedArticleIds.includes(own.articleId)) cited++;
    replies.push(draft.reply);
  }
  // Every ticket again as itself: its own pair is left out, so any past answer it finds is another ticket's.
  let wrongFound = 0;
  let wrongCited = 0;
  for (const ticket of tickets) {
    const { draft, passages } = await ask(ticket);
    const solved = passages.filter((p) => p.origin === 'solved_ticket');
    if (solved.length > 0) wrongFound++;
    if (solved.some((p) => draft.citedArticleIds.includes(p.articleId))) wrongCited++;
  }
  const rate = (count: number, of: number) => `${(of === 0 ? 0 : count / of).toFixed(3)} (${count}/${of})`;
  console.log(`\nSolved tickets: ${loaded.length} paraphrased tickets with a reference answer loaded as solved tickets, ${kept} kept as pairs`);
  console.log('| metric | rate |');
  console.log('|---|---|');
  console.log(`| paraphrase's draft grounded on its solved ticket | ${rate(found, loaded.length)} |`);
  console.log(`| paraphrase's draft cites its solved ticket (it leads the articles) | ${rate(cited, loaded.length)} |`);
  console.log(`| paraphrase's reply token F1 vs reference, without → with solved tickets | ${before.toFixed(3)} → ${replyF1(replies).toFixed(3)} |`);
  console.log(`| ticket (own pair excluded) picks another's solved ticket up | ${rate(wrongFound, tickets.length)} |`);
  console.log(`| ticket (own pair excluded) cites another's solved ticket | ${rate(wrongCited, tickets.length)} |`);
}

// The dataset ticket as Zendesk would show it once an agent answered with the reference answer and solved it.
function solvedSnapshot(ticket: DatasetTicket): TicketSnapshot {
  const snapshot = ticketSnapshot(ticket);
  const asked = snapshot.comments.at(-1)!;
  const reply: TicketComment = {
    ...asked,
    id: String(snapshot.comments.length + 1),
    authorId: 'agent',
    authorRole: 'agent',
    body: ticket.reference_answer!,
    htmlBody: `<p>${escapeHtml(ticket.reference_answer!)}</p>`,
    createdAt: new Date(Date.parse(asked.createdAt) + 3600_000).toISOString(),
  };
  return { ...snapshot, status: 'solved', comments: [...snapshot.comments, reply], updatedAt: reply.createdAt };
}
