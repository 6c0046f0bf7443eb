// npm run eval -- --dataset <folder> [--out predictions.jsonl]
// Quality of retrieval and of the "is this answer sourced?" judgement, beside a plain BM25 baseline.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { startEvalApp } from './eval/eval-app';
import { evaluateKnowledgeBase } from './eval/knowledge-eval';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { dataset: { type: 'string' }, out: { type: 'string' } } });
  if (!values.dataset) {
    console.error('usage: npm run eval -- --dataset <folder with articles.jsonl and tickets.jsonl> [--out predictions.jsonl]');
    process.exit(2);
  }
  const evaluation = await startEvalApp();
  try {
    await evaluateKnowledgeBase(evaluation.app, values.dataset, values.out);
  } finally {
    await evaluation.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
