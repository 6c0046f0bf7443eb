import { createHash } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { ticketQuestion } from '../../src/modules/zendesk/domain/ticket-question';
import { GroundedDraftService } from '../../src/modules/assist/application/grounded-draft.service';
import { KnowledgeBaseService } from '../../src/modules/knowledge-base/application/knowledge-base.service';
import { MACRO_SUGGESTION_THRESHOLD, suggestMacro } from '../../src/modules/llm/domain/macro-suggestion';
import { meanAndSd, MeanAndSd, seededRandom, stratifiedFolds } from './cross-validation';
import { createEvalOrganization } from './eval-app';
import { DatasetArticle, DatasetTicket, ticketSnapshot, toArticleInput } from './eval-dataset';

const INGEST_BATCH = 200;

// One ticket asked of a knowledge base where some articles are macros: whether its gold article is one, and the
// macro the suggestion rule would name at any threshold (the best-ranked passage, when a macro) with its score.
export interface MacroTicket {
  id: string;
  goldIsMacro: boolean;
  // Null: the best-ranked passage is an article.
  candidate: { externalId: string; probability: number; correct: boolean } | null;
}

export interface MacroScores {
  // Tickets whose gold article is a macro that get it suggested.
  recall: number;
  // Suggestions that name a gold macro.
  precision: number;
  // Tickets that get a wrong macro suggested, of all tickets.
  wrongRate: number;
  suggested: number;
}

export interface MacroEvaluation {
  name: string;
  tickets: MacroTicket[];
  macros: number;
  articles: number;
}

// Deterministic and independent of the file's order: an article becomes a macro when its id's hash is even.
export const loadedAsMacro = (articleId: string) => createHash('sha256').update(articleId).digest()[0] % 2 === 0;

// The dataset again, in an organization of its own, half its articles loaded as macros (same text, no URL),
// every ticket asked through GroundedDraftService as the pipeline asks it.
export async function evaluateMacroSuggestions(app: INestApplication, name: string, articles: DatasetArticle[], tickets: DatasetTicket[]): Promise<MacroEvaluation> {
  const organization = await createEvalOrganization(app);
  const knowledgeBase = app.get(KnowledgeBaseService);
  const inputs = articles.map((article) => ({ ...toArticleInput(article), ...(loadedAsMacro(article.id) && { source: 'macro' as const, url: '' }) }));
  for (let i = 0; i < inputs.length; i += INGEST_BATCH) await knowledgeBase.upsertArticles(organization.id, inputs.slice(i, i + INGEST_BATCH));
  await knowledgeBase.refreshStatistics();
  const groundedDrafts = app.get(GroundedDraftService);
  const results: MacroTicket[] = [];
  for (const ticket of tickets) {
    const question = ticketQuestion(ticketSnapshot(ticket));
    const grounded = await groundedDrafts.write({
      organizationId: organization.id,
      ...question,
      signOff: organization.settings.signOff,
      organizationHosts: [new URL(organization.zendeskBaseUrl).host],
    });
    const gold = new Set(ticket.answerable ? (ticket.gold_article_ids ?? []).map(String) : []);
    // Threshold 0: the candidate the rule would weigh, whatever its score (no training answer leads here).
    const candidate = suggestMacro({ subject: question.subject, question: grounded.question }, grounded.passages, undefined, 0);
    const externalId = candidate && grounded.passages.find((p) => p.articleId === candidate.articleId)!.externalId;
    results.push({
      id: ticket.id,
      goldIsMacro: [...gold].some(loadedAsMacro),
      candidate: candidate && externalId ? { externalId, probability: candidate.probability, correct: gold.has(externalId) } : null,
    });
  }
  return { name, tickets: results, macros: inputs.filter((input) => input.source === 'macro').length, articles: articles.length };
}

export function macroScores(tickets: MacroTicket[], threshold: number): MacroScores {
  const suggested = tickets.filter((t) => t.candidate && t.candidate.probability >= threshold);
  const correct = suggested.filter((t) => t.candidate!.correct).length;
  const withGoldMacro = tickets.filter((t) => t.goldIsMacro).length;
  return {
    recall: withGoldMacro === 0 ? 0 : correct / withGoldMacro,
    precision: suggested.length === 0 ? 1 : correct / suggested.length,
    wrongRate: tickets.length === 0 ? 0 : (suggested.length - correct) / tickets.length,
    suggested: suggested.length,
  };
}

// The thresholds tried: the shipped one and a grid; ties go to the higher (fewer wrong suggestions).
const THRESHOLDS = [...new Set([MACRO_SUGGESTION_THRESHOLD, ...Array.from({ length: 50 }, (_, i) => 0.5 + i / 100)])].sort((a, b) => a - b);

const f1 = ({ precision, recall }: MacroScores) => (precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall));

// The threshold with the best F1 of suggesting the gold macro on these tickets.
export function chooseThreshold(tickets: MacroTicket[]): number {
  let best = THRESHOLDS[0];
  for (const threshold of THRESHOLDS) if (f1(macroScores(tickets, threshold)) >= f1(macroScores(tickets, best))) best = threshold;
  return best;
}

export interface MacroCrossValidation {
  recall: MeanAndSd;
  precision: MeanAndSd;
  wrongRate: MeanAndSd;
  thresholds: MeanAndSd;
}

// Repeated stratified k-fold: the threshold chosen on the training folds, scored on the held-out fold (its
// suggestions pooled over the folds of a repeat).
export function crossValidateThreshold(tickets: MacroTicket[], { folds = 5, repeats = 10, seed = 11 } = {}): MacroCrossValidation {
  const random = seededRandom(seed);
  const repeatScores: MacroScores[] = [];
  const thresholds: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const foldOf = stratifiedFolds(tickets.map((t) => t.goldIsMacro), folds, random);
    const decided: MacroTicket[] = [];
    for (let fold = 0; fold < folds; fold++) {
      const threshold = chooseThreshold(tickets.filter((_, i) => foldOf[i] !== fold));
      thresholds.push(threshold);
      // A held-out ticket keeps its candidate only when it reaches the threshold chosen without it.
      decided.push(...tickets.filter((_, i) => foldOf[i] === fold).map((t) => (t.candidate && t.candidate.probability >= threshold ? t : { ...t, candidate: null })));
    }
    repeatScores.push(macroScores(decided, 0));
  }
  return {
    recall: meanAndSd(repeatScores.map((s) => s.recall)),
    precision: meanAndSd(repeatScores.map((s) => s.precision)),
    wrongRate: meanAndSd(repeatScores.map((s) => s.wrongRate)),
    thresholds: meanAndSd(thresholds),
  };
}

// The section of `npm run eval`: per dataset, the shipped threshold and the cross-validated choice; then pooled.
export function printMacroReport(evaluations: MacroEvaluation[]): void {
  const rows = [...evaluations, { name: 'pooled', tickets: evaluations.flatMap((e) => e.tickets), macros: 0, articles: 0 }];
  console.log(`\n## Suggested macro (half of each dataset's articles loaded as macros, by id hash)\n`);
  for (const e of evaluations) {
    console.log(`${e.name}: ${e.macros} of ${e.articles} articles as macros; ${e.tickets.filter((t) => t.goldIsMacro).length} of ${e.tickets.length} tickets have a gold macro`);
  }
  const pct = (v: number) => v.toFixed(3);
  const cv = (m: MeanAndSd) => `${pct(m.mean)} ± ${pct(m.sd)}`;
  console.log(`\n| set | shipped threshold ${MACRO_SUGGESTION_THRESHOLD}: gold macro suggested / precision / wrong suggestion per ticket (suggestions) | 5×10-fold CV: gold macro suggested / precision / wrong per ticket | CV thresholds | threshold on all |`);
  console.log('|---|---|---|---|---|');
  for (const row of rows) {
    const shipped = macroScores(row.tickets, MACRO_SUGGESTION_THRESHOLD);
    const crossValidated = crossValidateThreshold(row.tickets);
    console.log(
      `| ${row.name} | ${pct(shipped.recall)} / ${pct(shipped.precision)} / ${pct(shipped.wrongRate)} (${shipped.suggested}) | ` +
        `${cv(crossValidated.recall)} / ${cv(crossValidated.precision)} / ${cv(crossValidated.wrongRate)} | ${cv(crossValidated.thresholds)} | ${chooseThreshold(row.tickets).toFixed(2)} |`,
    );
  }
}
