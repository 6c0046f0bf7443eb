// npm run eval -- --dataset <folder> [--dataset <folder> …] [--out predictions.jsonl] [--features-out features.json] [--fit-sourcing]
// [--retrieval-cv] (or --datasets a,b). --retrieval-cv also ranks every answerable ticket under each fusion weighting of
// a grid and cross-validates the choice of weights (a minute more). --fit-sourcing refits the sourcing model on every dataset pooled and writes
// src/modules/llm/domain/sourcing-model.ts; --features-out writes each ticket's stay-quiet features and label.
// Quality of retrieval, of the "is this answer sourced?" judgement (cross-validated) and of the replies, beside
// the reference BM25 (../shared/eval/bm25-baseline.mjs) run on the same tickets; several datasets side by side.
// npm run eval -- --topics <folder> [--out predictions.jsonl] [--examples 3] [--no-assist a,b,c]
// Quality of topic classification and of the no-assist list, beside a keyword-only baseline.
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { basename, extname, join } from 'node:path';
import { startEvalApp } from './eval/eval-app';
import { DatasetEvaluation, evaluateKnowledgeBase } from './eval/knowledge-eval';
import { printKnowledgeReport } from './eval/knowledge-report';
import { fitShippedModel } from './eval/sourcing-study';
import { evaluateTopics } from './eval/topics-eval';

const SOURCING_MODEL_FILE = join(__dirname, '../src/modules/llm/domain/sourcing-model.ts');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dataset: { type: 'string', multiple: true, default: [] },
      datasets: { type: 'string' },
      topics: { type: 'string' },
      out: { type: 'string' },
      'features-out': { type: 'string' },
      'fit-sourcing': { type: 'boolean', default: false },
      'retrieval-cv': { type: 'boolean', default: false },
      examples: { type: 'string', default: '3' },
      'no-assist': { type: 'string', default: 'report_fraud,account_blocked,freeze_account' },
    },
  });
  const examplesPerTopic = Number(values.examples);
  const datasets = [...values.dataset, ...(values.datasets ?? '').split(',').map((d) => d.trim()).filter(Boolean)];
  if ((datasets.length > 0) === Boolean(values.topics) || !Number.isInteger(examplesPerTopic) || examplesPerTopic < 0) {
    console.error('usage: npm run eval -- --dataset <folder with articles.jsonl and tickets.jsonl> [--dataset <folder> …] [--out predictions.jsonl]');
    console.error('       npm run eval -- --topics <folder with topics.json and tickets.jsonl> [--out predictions.jsonl] [--examples 3] [--no-assist a,b,c]');
    process.exit(2);
  }
  if (datasets.length > 0) {
    // A database of its own for each dataset: one dataset's vectors sharing the HNSW index moved the other's
    // rankings from one run to the next.
    const evaluations: DatasetEvaluation[] = [];
    for (const dataset of datasets) {
      const evaluation = await startEvalApp();
      try {
        evaluations.push(
          await evaluateKnowledgeBase(evaluation.app, dataset, {
            outFile: outFileFor(values.out, dataset, datasets.length),
            retrievalCrossValidation: values['retrieval-cv'],
          }),
        );
      } finally {
        await evaluation.close();
      }
    }
    printKnowledgeReport(evaluations);
    if (values['features-out']) {
      writeFileSync(values['features-out'], JSON.stringify(evaluations.map((e) => ({ name: e.name, tickets: e.labelled })), null, 1));
      console.log(`Stay-quiet features written to ${values['features-out']}`);
    }
    if (values['fit-sourcing']) {
      const model = fitShippedModel(evaluations.map((e) => ({ name: e.name, tickets: e.labelled })), SOURCING_MODEL_FILE);
      console.log(`\nSourcing model fitted on ${model.policy}, written to ${SOURCING_MODEL_FILE}: run the eval again for its in-sample figures.`);
      console.log(JSON.stringify(model));
    }
    return;
  }
  const evaluation = await startEvalApp();
  try {
    await evaluateTopics(evaluation.app, values.topics!, values.out, { examplesPerTopic, noAssist: values['no-assist'].split(',').map((name) => name.trim()) });
  } finally {
    await evaluation.close();
  }
}

// One dataset writes to --out; several each to --out with the dataset's name before the extension.
function outFileFor(out: string | undefined, dataset: string, count: number): string | undefined {
  if (!out || count === 1) return out;
  const extension = extname(out);
  return `${out.slice(0, out.length - extension.length)}.${basename(dataset)}${extension}`;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
