import { DatasetEvaluation } from './knowledge-eval';
import { printMacroReport } from './macro-eval';
import { RETRIEVAL_GRID, studyRetrieval } from './retrieval-study';
import { defaultStudyModels, printStudy, studyStayQuiet } from './sourcing-study';

// The datasets side by side, as Markdown tables: cross-validated stay-quiet figures first, then retrieval and
// replies beside the reference BM25 computed in the same run.
export function printKnowledgeReport(evaluations: DatasetEvaluation[]): void {
  printStudy(studyStayQuiet(evaluations.map((e) => ({ name: e.name, tickets: e.labelled })), defaultStudyModels()));
  console.log('\nThe sourcing model as shipped (src/modules/llm/domain/sourcing-model.ts), in-sample: it was fitted on these sets.\n');
  table(
    ['metric', ...evaluations.map((e) => e.name)],
    [
      ['precision / recall / F1', ...evaluations.map((e) => [e.inSample.precision, e.inSample.recall, e.inSample.f1].map((v) => fixed(v)).join(' / '))],
      ['AUROC', ...evaluations.map((e) => fixed(e.sourcedAuroc))],
      ['answered; of those, unanswerable', ...evaluations.map((e) => `${fixed(e.inSample.coverage)}; ${fixed(e.inSample.error)}`)],
    ],
  );

  console.log('\n## Retrieval and replies (score.js; Assist\'s stay-quiet figures here are the shipped model, in-sample)\n');
  const columns = evaluations.flatMap((evaluation) => evaluation.columns.map((column) => ({ evaluation, ...column })));
  table(
    ['metric', ...columns.map(({ evaluation, label }) => `${evaluation.name}: ${label}`)],
    [
      ...SCORE_ROWS.map(([label, group, key]) => [label, ...columns.map(({ scores }) => fixed(scores[group][key]))]),
      ['reply fragment rate (answered)', ...columns.map(({ evaluation, label }) => (label === 'Assist' ? fragments(evaluation) : '–'))],
      ['AUROC of the sourced confidence', ...columns.map(({ evaluation, label }) => (label === 'Assist' ? fixed(evaluation.sourcedAuroc) : '–'))],
    ],
  );

  if (evaluations.every((e) => e.rankedByWeighting)) printRetrievalStudy(evaluations);
  if (evaluations.every((e) => e.macros)) printMacroReport(evaluations.map((e) => e.macros!));

  console.log('');
  for (const evaluation of evaluations) {
    const [ours, ...baselines] = evaluation.columns;
    for (const baseline of baselines) {
      const delta = (key: string) => signed(ours.scores.retrieval_on_answerable[key]! - baseline.scores.retrieval_on_answerable[key]!);
      console.log(`${evaluation.name}, Assist vs ${baseline.label}: hit@1 ${delta('hit@1')}, MRR@10 ${delta('MRR@10')}, hit@5 ${delta('hit@5')} (targets +0.03, +0.02, ≥ 0)`);
    }
  }
  for (const evaluation of evaluations) {
    console.log(
      `${evaluation.name}: ${evaluation.articles} articles ingested in ${evaluation.ingestSeconds.toFixed(1)} s; ${evaluation.tickets} tickets, ${evaluation.msPerTicket.toFixed(1)} ms each`,
    );
    for (const note of evaluation.notes) console.log(`${evaluation.name}: ${note}`);
  }
}

// The fusion weights refitted inside each fold (retrieval-study.ts), beside the reference BM25, which fits nothing.
function printRetrievalStudy(evaluations: DatasetEvaluation[]): void {
  const rows = studyRetrieval(evaluations.map((e) => ({ name: e.name, tickets: e.rankedByWeighting! })));
  console.log(`\n## Retrieval, its weights refitted on training tickets only (${RETRIEVAL_GRID.length} weightings; 5-fold × 10 repeats)\n`);
  const m = (v: { mean: number; sd: number }) => `${v.mean.toFixed(3)} ± ${v.sd.toFixed(3)}`;
  table(
    ['dataset', 'fit', 'hit@1', 'MRR@10', 'hit@5', 'BM25 hit@1 / MRR@10 / hit@5', 'weights chosen (field, conversation, vector: share of fits)'],
    rows.map((row) => {
      const bm25 = evaluations.find((e) => e.name === row.dataset)!.columns.find((c) => c.label === 'BM25')!.scores.retrieval_on_answerable;
      const chosen = row.figures.chosen.slice(0, 3).map(({ weights: w, share }) => `${w.field}, ${w.conversation}, ${w.vector}: ${share.toFixed(2)}`);
      return [row.dataset, row.fit, m(row.figures.hit1), m(row.figures.mrr), m(row.figures.hit5), [bm25['hit@1'], bm25['MRR@10'], bm25['hit@5']].map((v) => fixed(v)).join(' / '), chosen.join('; ')];
    }),
  );
}

const SCORE_ROWS: [string, 'retrieval_on_answerable' | 'stay_quiet' | 'end_to_end', string][] = [
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

function table(header: string[], rows: string[][]): void {
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

const fixed = (value: number | null | undefined, digits = 3) => (value === null || value === undefined ? '–' : value.toFixed(digits));
const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(3)}`;
const fragments = (evaluation: DatasetEvaluation) => `${fixed(evaluation.fragments.rate)} (${evaluation.fragments.fragments}/${evaluation.fragments.sentences})`;

