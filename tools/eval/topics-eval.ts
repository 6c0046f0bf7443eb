import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Embedder } from '../../src/modules/llm/application/ports/embedder';
import { TopicsService } from '../../src/modules/topics/application/topics.service';
import { besideRuleMatches, NO_ASSIST_POLICIES, pickSemanticMatch, SEMANTIC_THRESHOLDS, TopicSimilarity } from '../../src/modules/topics/domain/semantic-match';
import { matchTopicsByRules } from '../../src/modules/topics/domain/topic-rules';
import { Topic, TopicMatch } from '../../src/modules/topics/domain/topic';
import { createEvalOrganization } from './eval-app';
import { meanAndSd, seededRandom } from './cross-validation';
import { readJsonl, writeJsonl } from './eval-dataset';

// A folder with topics.json [{name, description}] and tickets.jsonl {id, text, label: topic name | null}.
interface DatasetTopic {
  name: string;
  description: string;
}

interface DatasetQuery {
  id: string;
  text: string;
  label: string | null;
}

export interface TopicsEvalOptions {
  examplesPerTopic: number;
  noAssist: string[];
}

// One query classified against one fold's organization: the shipped classifier's answer, and what the offline
// recomputations (threshold sweep, no-assist policies) read.
interface Classified {
  query: DatasetQuery;
  topics: string[];
  byRule: TopicMatch[];
  baseline: string[];
  similarities: TopicSimilarity[];
  orgTopics: Topic[];
}

// Random 2-fold splits (each topic's queries dealt alternately after a seeded shuffle), repeated: each fold's
// organization takes its examples from its own fold and classifies the other fold's queries, so none is classified
// by topics holding it as an example. Its own fold's other queries calibrate the threshold refitted in that fold.
const REPEATS = 5;
const THRESHOLDS = Array.from({ length: 17 }, (_, i) => 0.15 + i * 0.025);
const NO_ASSIST_CURVE: { label: string; among: number; floor: number; margin: number }[] = [
  { label: 'closest topic only', among: 1, floor: 1, margin: 0 },
  ...[0, 0.03, 0.06, 0.1, 0.15, 0.2].map((margin) => ({ label: `among 3, ≥ 0.20, within ${margin.toFixed(2)}`, among: 3, floor: 0.2, margin })),
];

export async function evaluateTopics(app: INestApplication, datasetDir: string, outFile: string | undefined, options: TopicsEvalOptions) {
  const datasetTopics = JSON.parse(readFileSync(join(datasetDir, 'topics.json'), 'utf8')) as DatasetTopic[];
  const queries = readJsonl<DatasetQuery>(join(datasetDir, 'tickets.jsonl'));
  const names = datasetTopics.map((topic) => topic.name);
  const noAssist = options.noAssist.filter((name) => names.includes(name));
  const topicsService = app.get(TopicsService);
  const model = app.get(Embedder).model;
  const shippedThreshold = SEMANTIC_THRESHOLDS[model];

  const shipped: Scores[] = [];
  const baseline: Scores[] = [];
  const refitted: Scores[] = [];
  const fittedThresholds: number[] = [];
  const curve = NO_ASSIST_CURVE.map(() => [] as Scores[]);
  const policies = { strict: [] as Scores[], balanced: [] as Scores[] };
  const started = performance.now();
  let classifications = 0;
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    const foldOf = assignFolds(queries, seededRandom(repeat + 1));
    const tested: Classified[] = [];
    const calibration: Classified[][] = [[], []];
    for (const fold of [0, 1]) {
      const { organizationId, orgTopics, examples } = await createFoldOrganization(app, datasetTopics, queries, foldOf, fold, options.examplesPerTopic, noAssist);
      const classify = async (query: DatasetQuery): Promise<Classified> => {
        const ticket = { text: query.text, tags: [] };
        classifications++;
        return {
          query,
          // The same classifier the pipeline calls, with the default policy.
          topics: (await topicsService.classify(organizationId, ticket)).map((match) => match.name),
          byRule: matchTopicsByRules(ticket, orgTopics),
          baseline: matchTopicsByRules(ticket, orgTopics).map((match) => match.name),
          similarities: await topicsService.similarities(organizationId, query.text),
          orgTopics,
        };
      };
      for (const query of queries) {
        if (foldOf.get(query.id) !== fold) tested.push(await classify(query));
        else if (!examples.has(query.text)) calibration[fold].push(await classify(query));
      }
    }
    if (repeat === 0 && outFile) writeJsonl(outFile, tested.map(({ query, topics }) => ({ id: query.id, topics })));
    shipped.push(score(tested.map((c) => ({ label: c.query.label, topics: c.topics })), names, noAssist));
    baseline.push(score(tested.map((c) => ({ label: c.query.label, topics: c.baseline })), names, noAssist));
    for (const policy of ['strict', 'balanced'] as const) {
      policies[policy].push(score(recomputed(tested, shippedThreshold ?? 1, NO_ASSIST_POLICIES[policy]), names, noAssist));
    }
    // The threshold refitted in each fold on that fold's calibration queries (best accuracy), then applied to the
    // queries the fold's organization classified from the other fold.
    const fitted = [0, 1].map((fold) => {
      const accuracyAt = (threshold: number) => score(recomputed(calibration[fold], threshold, NO_ASSIST_POLICIES.strict), names, noAssist).accuracy;
      const best = Math.max(...THRESHOLDS.map(accuracyAt));
      const candidates = THRESHOLDS.filter((threshold) => accuracyAt(threshold) === best);
      return candidates[Math.floor((candidates.length - 1) / 2)];
    });
    fittedThresholds.push(...fitted);
    // Each tested query was classified by the organization of the other fold.
    const thresholdFor = (c: Classified) => fitted[1 - foldOf.get(c.query.id)!];
    refitted.push(score(tested.map((c) => ({ label: c.query.label, topics: recomputed([c], thresholdFor(c), NO_ASSIST_POLICIES.strict)[0].topics })), names, noAssist));
    NO_ASSIST_CURVE.forEach((policy, i) => curve[i].push(score(tested.map((c) => ({ label: c.query.label, topics: recomputed([c], thresholdFor(c), policy)[0].topics })), names, noAssist)));
  }
  const msPerQuery = (performance.now() - started) / classifications;

  const inScope = queries.filter((query) => query.label !== null).length;
  console.log(
    `\n${queries.length} queries (${inScope} of the ${names.length} topics, ${queries.length - inScope} of none), ` +
      `${options.examplesPerTopic} examples per topic, embeddings ${model}, ${REPEATS} random 2-fold splits (mean ± sd), ` +
      `${msPerQuery.toFixed(1)} ms a query (classification and the recomputations' similarities)`,
  );
  console.log(`no-assist sample: ${noAssist.join(', ') || '(none of the given topics exist)'}\n`);
  printTable(
    ['metric', `Assist as shipped (threshold ${shippedThreshold ?? 'none'}, strict)`, 'threshold refitted in each fold (strict)', 'balanced policy', 'keyword-only baseline'],
    rows([shipped, refitted, policies.balanced, baseline]),
  );
  console.log(`\nthresholds fitted in the folds: ${spreadOf(fittedThresholds)}`);
  if (outFile) console.log(`predictions (first split): ${outFile}`);

  console.log('\nno-assist trade-off (threshold refitted in each fold; which no-assist topics match beside the closest)\n');
  printTable(
    ['no-assist topic matches when', 'missed', 'wrongly caught', 'accuracy'],
    NO_ASSIST_CURVE.map((policy, i) => [policy.label, meanSd(curve[i], 'noAssistMissed'), meanSd(curve[i], 'noAssistWronglyCaught'), meanSd(curve[i], 'accuracy')]),
  );
}

// What classify would answer at another threshold or no-assist policy, from the recorded rules and similarities.
function recomputed(classified: Classified[], threshold: number, policy: { among: number; floor: number; margin: number }) {
  return classified.map((c) => {
    const bySimilarity = pickSemanticMatch(c.similarities, c.orgTopics, threshold, policy);
    return { label: c.query.label, topics: besideRuleMatches(c.byRule, bySimilarity).map((match) => match.name) };
  });
}

// An organization whose topics take their examples from one fold: the same service the admin API's POST …/topics calls.
async function createFoldOrganization(
  app: INestApplication,
  datasetTopics: DatasetTopic[],
  queries: DatasetQuery[],
  foldOf: Map<string, number>,
  fold: number,
  examplesPerTopic: number,
  noAssist: string[],
) {
  const topicsService = app.get(TopicsService);
  const organizationId = (await createEvalOrganization(app)).id;
  const examples = new Set<string>();
  for (const topic of datasetTopics) {
    const chosen = queries
      .filter((query) => query.label === topic.name && foldOf.get(query.id) === fold)
      .slice(0, examplesPerTopic)
      .map((query) => query.text);
    chosen.forEach((text) => examples.add(text));
    await topicsService.create(organizationId, { name: topic.name, description: topic.description, keywords: [], examples: chosen, zendeskTags: [], noAssist: noAssist.includes(topic.name) });
  }
  return { organizationId, orgTopics: await topicsService.list(organizationId), examples };
}

function assignFolds(queries: DatasetQuery[], random: () => number): Map<string, number> {
  const byLabel = new Map<string | null, DatasetQuery[]>();
  for (const query of queries) byLabel.set(query.label, [...(byLabel.get(query.label) ?? []), query]);
  const folds = new Map<string, number>();
  for (const members of byLabel.values()) {
    const shuffled = [...members];
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [shuffled[i], shuffled[j]] = [shuffled[j], shuffled[i]];
    }
    shuffled.forEach((query, i) => folds.set(query.id, i % 2));
  }
  return folds;
}

interface Scores {
  accuracy: number;
  macroF1: number;
  noTopicPrecision: number;
  noTopicRecall: number;
  noAssistMissed: number;
  noAssistWronglyCaught: number;
  noAssistQueries: number;
  otherQueries: number;
}

// Accuracy: the predicted set is exactly the label (or empty for none). Macro-F1 over the dataset's topics.
// No-assist: a query of a no-assist topic missed means Assist would speak; another query caught silences it.
function score(predictions: { label: string | null; topics: string[] }[], names: string[], noAssist: string[]): Scores {
  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const correct = predictions.filter((p) => (p.label === null ? p.topics.length === 0 : p.topics.length === 1 && p.topics[0] === p.label));
  const f1s = names.map((name) => {
    const tp = predictions.filter((p) => p.label === name && p.topics.includes(name)).length;
    const fp = predictions.filter((p) => p.label !== name && p.topics.includes(name)).length;
    const fn = predictions.filter((p) => p.label === name && !p.topics.includes(name)).length;
    return ratio(2 * tp, 2 * tp + fp + fn);
  });
  const predictedNone = predictions.filter((p) => p.topics.length === 0);
  const actualNone = predictions.filter((p) => p.label === null);
  const silenced = (p: { topics: string[] }) => p.topics.some((name) => noAssist.includes(name));
  const noAssistQueries = predictions.filter((p) => p.label !== null && noAssist.includes(p.label));
  const others = predictions.filter((p) => p.label === null || !noAssist.includes(p.label));
  return {
    accuracy: ratio(correct.length, predictions.length),
    macroF1: ratio(f1s.reduce((sum, value) => sum + value, 0), f1s.length),
    noTopicPrecision: ratio(predictedNone.filter((p) => p.label === null).length, predictedNone.length),
    noTopicRecall: ratio(actualNone.filter((p) => p.topics.length === 0).length, actualNone.length),
    noAssistMissed: ratio(noAssistQueries.filter((p) => !silenced(p)).length, noAssistQueries.length),
    noAssistWronglyCaught: ratio(others.filter(silenced).length, others.length),
    noAssistQueries: noAssistQueries.length,
    otherQueries: others.length,
  };
}

function rows(columns: Scores[][]): string[][] {
  const [first] = columns;
  return [
    ['accuracy', ...columns.map((c) => meanSd(c, 'accuracy'))],
    ['macro-F1 (topics)', ...columns.map((c) => meanSd(c, 'macroF1'))],
    ['no topic: precision', ...columns.map((c) => meanSd(c, 'noTopicPrecision'))],
    ['no topic: recall', ...columns.map((c) => meanSd(c, 'noTopicRecall'))],
    [`no-assist missed (of ${first[0].noAssistQueries})`, ...columns.map((c) => meanSd(c, 'noAssistMissed'))],
    [`no-assist wrongly caught (of ${first[0].otherQueries})`, ...columns.map((c) => meanSd(c, 'noAssistWronglyCaught'))],
  ];
}

function meanSd(scores: Scores[], key: keyof Scores): string {
  const { mean, sd } = meanAndSd(scores.map((s) => s[key]));
  return `${mean.toFixed(3)} ± ${sd.toFixed(3)}`;
}

function spreadOf(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  return `median ${sorted[Math.floor(sorted.length / 2)].toFixed(3)}, ${sorted[0].toFixed(3)}–${sorted.at(-1)!.toFixed(3)}`;
}

const f = (value: number) => value.toFixed(3);

function printTable(header: string[], body: string[][]): void {
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const row of body) console.log(`| ${row.join(' | ')} |`);
}
