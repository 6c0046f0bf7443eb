// npm run eval -- --dataset <folder> [--out predictions.jsonl]
// Quality of retrieval and of the "is this answer sourced?" judgement, beside a plain BM25 baseline.
// npm run eval -- --topics <folder> [--out predictions.jsonl] [--examples 3] [--no-assist a,b,c]
// Quality of topic classification and of the no-assist list, beside a keyword-only baseline.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { startEvalApp } from './eval/eval-app';
import { evaluateKnowledgeBase } from './eval/knowledge-eval';
import { evaluateTopics } from './eval/topics-eval';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      dataset: { type: 'string' },
      topics: { type: 'string' },
      out: { type: 'string' },
      examples: { type: 'string', default: '3' },
      'no-assist': { type: 'string', default: 'report_fraud,account_blocked,freeze_account' },
    },
  });
  const examplesPerTopic = Number(values.examples);
  if (!values.dataset === !values.topics || !Number.isInteger(examplesPerTopic) || examplesPerTopic < 0) {
    console.error('usage: npm run eval -- --dataset <folder with articles.jsonl and tickets.jsonl> [--out predictions.jsonl]');
    console.error('       npm run eval -- --topics <folder with topics.json and tickets.jsonl> [--out predictions.jsonl] [--examples 3] [--no-assist a,b,c]');
    process.exit(2);
  }
  const evaluation = await startEvalApp();
  try {
    if (values.dataset) await evaluateKnowledgeBase(evaluation.app, values.dataset, values.out);
    else await evaluateTopics(evaluation.app, values.topics!, values.out, { examplesPerTopic, noAssist: values['no-assist'].split(',').map((name) => name.trim()) });
  } finally {
    await evaluation.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
