import { CrossValidationResult, MeanAndSd } from './cross-validation';
import { DatasetEvaluation } from './knowledge-eval';

// The datasets side by side, as Markdown tables: cross-validated stay-quiet figures first, then retrieval and
// replies beside the reference BM25 computed in the same run.
export function printKnowledgeReport(evaluations: DatasetEvaluation[]): void {
  console.log(`\n## Stay quiet, cross-validated (stratified ${FOLDS_NOTE}; the coverage threshold refitted inside each fold)\n`);
  const cvColumns = evaluations.flatMap((evaluation) => evaluation.crossValidation.map((result) => ({ evaluation, result })));
  table(
    ['metric', ...cvColumns.map(({ evaluation, result }) => `${evaluation.name}: ${result.model}`), ...evaluations.map((e) => `${e.name}: 0.65 as shipped, in-sample`)],
    [
      ['precision', ...cvColumns.map(({ result }) => meanSd(result.precision)), ...evaluations.map((e) => fixed(e.inSample.precision))],
      ['recall', ...cvColumns.map(({ result }) => meanSd(result.recall)), ...evaluations.map((e) => fixed(e.inSample.recall))],
      ['F1', ...cvColumns.map(({ result }) => meanSd(result.f1)), ...evaluations.map((e) => fixed(e.inSample.f1))],
      ['AUROC', ...cvColumns.map(({ result }) => meanSd(result.auroc)), ...evaluations.map((e) => fixed(e.sourcedAuroc))],
      ['threshold fitted (median, min–max)', ...cvColumns.map(({ result }) => threshold(result)), ...evaluations.map(() => '0.650')],
      ['coverage (share answered)', ...cvColumns.map(({ result }) => meanSd(result.operatingPoint.coverage)), ...evaluations.map((e) => fixed(e.inSample.coverage))],
      ['error of answered (unanswerable)', ...cvColumns.map(({ result }) => meanSd(result.operatingPoint.error)), ...evaluations.map((e) => fixed(e.inSample.error))],
    ],
  );

  console.log('\nRisk–coverage (answering the tickets the rule is surest of; error = share of them unanswerable):\n');
  const coverages = evaluations[0].crossValidation[0].riskCoverage.map((point) => point.coverage);
  table(
    ['coverage', ...evaluations.map((e) => `${e.name} error`)],
    coverages.map((coverage, c) => [fixed(coverage, 1), ...evaluations.map((e) => fixed(e.crossValidation[0].riskCoverage[c].error.mean))]),
  );

  console.log('\n## Retrieval and replies (score.js; Assist\'s stay-quiet figures here are the shipped 0.65, in-sample)\n');
  const columns = evaluations.flatMap((evaluation) => evaluation.columns.map((column) => ({ evaluation, ...column })));
  table(
    ['metric', ...columns.map(({ evaluation, label }) => `${evaluation.name}: ${label}`)],
    [
      ...SCORE_ROWS.map(([label, group, key]) => [label, ...columns.map(({ scores }) => fixed(scores[group][key]))]),
      ['reply fragment rate (answered)', ...columns.map(({ evaluation, label }) => (label === 'Assist' ? fragments(evaluation) : '–'))],
      ['AUROC of the sourced confidence', ...columns.map(({ evaluation, label }) => (label === 'Assist' ? fixed(evaluation.sourcedAuroc) : '–'))],
    ],
  );

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

const FOLDS_NOTE = '5-fold × 10 repeats, seeded; mean ± sd over repeats';

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
const meanSd = (value: MeanAndSd) => `${value.mean.toFixed(3)} ± ${value.sd.toFixed(3)}`;
const fragments = (evaluation: DatasetEvaluation) => `${fixed(evaluation.fragments.rate)} (${evaluation.fragments.fragments}/${evaluation.fragments.sentences})`;

function threshold(result: CrossValidationResult): string {
  const fitted = result.parameters.minCoverage;
  return fitted ? `${fitted.median.toFixed(3)} (${fitted.min.toFixed(3)}–${fitted.max.toFixed(3)})` : '–';
}
