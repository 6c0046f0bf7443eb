import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Embedder } from '../../src/modules/llm/application/ports/embedder';
import { TopicsService } from '../../src/modules/topics/application/topics.service';
import { pickSemanticMatch, SEMANTIC_THRESHOLDS, TopicSimilarity } from '../../src/modules/topics/domain/semantic-match';
import { matchTopicsByRules } from '../../src/modules/topics/domain/topic-rules';
import { Topic } from '../../src/modules/topics/domain/topic';
import { createEvalOrganization } from './eval-app';
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

interface Classified {
  query: DatasetQuery;
  topics: string[];
  baseline: string[];
  similarities: TopicSimilarity[];
  orgTopics: Topic[];
}

// Topic examples come from the queries, so the queries are split in two folds (alternately within each topic):
// each fold's organization takes its examples from its own fold and classifies the other fold's queries. Every
// query gets a prediction, and none is classified by topics holding it as an example.
export async function evaluateTopics(app: INestApplication, datasetDir: string, outFile: string | undefined, options: TopicsEvalOptions) {
  const datasetTopics = JSON.parse(readFileSync(join(datasetDir, 'topics.json'), 'utf8')) as DatasetTopic[];
  const queries = readJsonl<DatasetQuery>(join(datasetDir, 'tickets.jsonl'));
  const names = datasetTopics.map((topic) => topic.name);
  const noAssist = options.noAssist.filter((name) => names.includes(name));
  const foldOf = assignFolds(queries);

  const topicsService = app.get(TopicsService);
  const organizations: string[] = [];
  for (const fold of [0, 1]) {
    const organizationId = (await createEvalOrganization(app)).id;
    for (const topic of datasetTopics) {
      const examples = queries
        .filter((query) => query.label === topic.name && foldOf.get(query.id) === fold)
        .slice(0, options.examplesPerTopic)
        .map((query) => query.text);
      // The same service the admin API's POST …/topics calls.
      await topicsService.create(organizationId, {
        name: topic.name,
        description: topic.description,
        keywords: [],
        examples,
        zendeskTags: [],
        noAssist: noAssist.includes(topic.name),
      });
    }
    organizations.push(organizationId);
  }
  const topicsOf = await Promise.all(organizations.map((id) => topicsService.list(id)));

  const classified: Classified[] = [];
  const started = performance.now();
  for (const query of queries) {
    const fold = 1 - foldOf.get(query.id)!;
    const ticket = { text: query.text, tags: [] };
    // The same classifier the pipeline calls.
    const matches = await topicsService.classify(organizations[fold], ticket);
    classified.push({
      query,
      topics: matches.map((match) => match.name),
      baseline: matchTopicsByRules(ticket, topicsOf[fold]).map((match) => match.name),
      similarities: await topicsService.similarities(organizations[fold], query.text),
      orgTopics: topicsOf[fold],
    });
  }
  const msPerQuery = (performance.now() - started) / queries.length;
  if (outFile) writeJsonl(outFile, classified.map(({ query, topics }) => ({ id: query.id, topics })));

  const model = app.get(Embedder).model;
  const ours = score(classified.map((c) => ({ label: c.query.label, topics: c.topics })), names, noAssist);
  const baseline = score(classified.map((c) => ({ label: c.query.label, topics: c.baseline })), names, noAssist);
  const inScope = queries.filter((query) => query.label !== null).length;
  console.log(
    `\n${queries.length} queries (${inScope} of the ${names.length} topics, ${queries.length - inScope} of none), ` +
      `${options.examplesPerTopic} examples per topic, embeddings ${model}, ${msPerQuery.toFixed(1)} ms a query (classification and the sweep's similarities)`,
  );
  console.log(`no-assist sample: ${noAssist.join(', ') || '(none of the given topics exist)'}\n`);
  printTable(['metric', 'Assist (rules, semantic, LLM)', 'keyword-only baseline'], rows(ours, baseline));
  if (outFile) console.log(`\npredictions: ${outFile}`);

  // Calibration: the same cascade (rules, then the closest topic above the threshold) at other thresholds.
  console.log(`\nsemantic threshold sweep (${model}; in use: ${SEMANTIC_THRESHOLDS[model] ?? 'none, no semantic stage'})\n`);
  const sweep = [];
  for (let threshold = 0.2; threshold <= 0.6001; threshold += 0.025) {
    const predictions = classified.map((c) => {
      const byRule = c.baseline.length > 0 ? c.baseline : pickSemanticMatch(c.similarities, c.orgTopics, threshold).map((m) => m.name);
      return { label: c.query.label, topics: byRule };
    });
    const s = score(predictions, names, noAssist);
    sweep.push([threshold.toFixed(3), f(s.accuracy), f(s.macroF1), f(s.noTopicPrecision), f(s.noTopicRecall), f(s.noAssistMissed), f(s.noAssistWronglyCaught)]);
  }
  printTable(['threshold', 'accuracy', 'macro-F1', 'no-topic P', 'no-topic R', 'no-assist missed', 'no-assist wrongly caught'], sweep);
}

function assignFolds(queries: DatasetQuery[]): Map<string, number> {
  const seen = new Map<string | null, number>();
  const folds = new Map<string, number>();
  for (const query of queries) {
    const index = seen.get(query.label) ?? 0;
    seen.set(query.label, index + 1);
    folds.set(query.id, index % 2);
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

function rows(ours: Scores, baseline: Scores): string[][] {
  return [
    ['accuracy', f(ours.accuracy), f(baseline.accuracy)],
    ['macro-F1 (topics)', f(ours.macroF1), f(baseline.macroF1)],
    ['no topic: precision', f(ours.noTopicPrecision), f(baseline.noTopicPrecision)],
    ['no topic: recall', f(ours.noTopicRecall), f(baseline.noTopicRecall)],
    [`no-assist missed (of ${ours.noAssistQueries})`, f(ours.noAssistMissed), f(baseline.noAssistMissed)],
    [`no-assist wrongly caught (of ${ours.otherQueries})`, f(ours.noAssistWronglyCaught), f(baseline.noAssistWronglyCaught)],
  ];
}

const f = (value: number) => value.toFixed(3);

function printTable(header: string[], body: string[][]): void {
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const row of body) console.log(`| ${row.join(' | ')} |`);
}
