import { writeFileSync } from 'node:fs';
import { SourcingModel } from '../../src/modules/llm/domain/sourcing-score';
import { crossValidate, CrossValidationResult, LabelledTicket, scoreTransfer, StayQuietModel } from './cross-validation';
import { fitLogistic, logisticModel, LogisticOptions } from './logistic-model';
import { sourcedRuleModel } from './sourced-rule-model';

// The stay-quiet models compared on every dataset three ways, each refitted on training tickets only:
// - within: stratified k-fold inside the dataset;
// - pooled: the same folds, with every other dataset added to each fold's training tickets (how the shipped
//   model is fitted: on all dev sets);
// - transfer: fitted on the other datasets alone, scored on this one (an unseen kind of help desk).

export interface LabelledDataset {
  name: string;
  tickets: LabelledTicket[];
}

// The shipped signals and fit (see llm/domain/sourcing-signals.ts for why each).
export const SHIPPED_LOGISTIC: LogisticOptions = {
  signals: ['titleNamed', 'coverageUnlessTitleNamed'],
  l2: 1,
  // The best F1 on the pooled tickets: asking for precision 0.70 on training tickets left recall near 0.1 once
  // both sets are pooled, and on techdocs alone (docs/quality.md).
  minPrecision: 0,
};

export interface StudyRow {
  dataset: string;
  model: string;
  within: CrossValidationResult;
  pooled: CrossValidationResult | null;
  transfer: ReturnType<typeof scoreTransfer> | null;
}

export function studyStayQuiet(datasets: LabelledDataset[], models: StayQuietModel[]): StudyRow[] {
  return datasets.flatMap((dataset) => {
    const others = datasets.filter((d) => d !== dataset).flatMap((d) => d.tickets);
    return models.map((model) => ({
      dataset: dataset.name,
      model: model.name,
      within: crossValidate(dataset.tickets, model),
      pooled: others.length > 0 ? crossValidate(dataset.tickets, model, undefined, others) : null,
      transfer: others.length > 0 ? scoreTransfer(others, dataset.tickets, model) : null,
    }));
  });
}

// Every signal recorded, shipped or tried (candidate-signals.ts), in one regression: what adding them does.
const EVERY_SIGNAL: LogisticOptions = {
  ...SHIPPED_LOGISTIC,
  signals: [...SHIPPED_LOGISTIC.signals, 'fusedMargin', 'lexicalMargin', 'agreement', 'titleCoverage', 'similarity', 'questionLength'],
};

// The rule shipped before (its threshold fitted for the old policy, P ≥ 0.70, and for the best F1), the shipped
// regression, and the regression over every signal.
export const defaultStudyModels = (): StayQuietModel[] => [
  sourcedRuleModel({ minPrecision: 0.7 }),
  sourcedRuleModel({ minPrecision: 0 }),
  logisticModel(SHIPPED_LOGISTIC),
  logisticModel(EVERY_SIGNAL),
];

export function printStudy(rows: StudyRow[]): void {
  console.log('\n## Stay quiet: the old rule and the sourcing score, refitted on training tickets only\n');
  console.log('within = stratified 5-fold × 10 repeats inside the set; pooled = the same folds, the other set added to training;');
  console.log('transfer = fitted on the other set alone. Mean ± sd over repeats; positive = should stay quiet.\n');
  const header = ['dataset', 'model', 'fit', 'precision', 'recall', 'F1', 'AUROC', 'answered', 'unanswerable among answered'];
  console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
  for (const row of rows) {
    for (const [fit, result] of [['within', row.within], ['pooled', row.pooled]] as const) {
      if (!result) continue;
      const m = (v: { mean: number; sd: number }) => `${v.mean.toFixed(3)} ± ${v.sd.toFixed(3)}`;
      console.log(
        `| ${row.dataset} | ${row.model} | ${fit} | ${m(result.precision)} | ${m(result.recall)} | ${m(result.f1)} | ${m(result.auroc)} | ${m(result.operatingPoint.coverage)} | ${m(result.operatingPoint.error)} |`,
      );
    }
    const t = row.transfer;
    if (t) {
      console.log(
        `| ${row.dataset} | ${row.model} | transfer | ${t.precision.toFixed(3)} | ${t.recall.toFixed(3)} | ${t.f1.toFixed(3)} | ${t.auroc.toFixed(3)} | ${t.coverage.toFixed(3)} | ${t.error.toFixed(3)} |`,
      );
    }
  }
  console.log('\nRisk–coverage (answering the share of tickets each model is surest of; error = share of them unanswerable):\n');
  const coverages = rows[0].within.riskCoverage.map((point) => point.coverage);
  console.log(`| dataset | model | fit | ${coverages.map((c) => c.toFixed(1)).join(' | ')} |\n|---|---|---|${coverages.map(() => '---').join('|')}|`);
  for (const row of rows) {
    console.log(`| ${row.dataset} | ${row.model} | within | ${row.within.riskCoverage.map((p) => p.error.mean.toFixed(3)).join(' | ')} |`);
    if (row.transfer) console.log(`| ${row.dataset} | ${row.model} | transfer | ${row.transfer.riskCoverage.map((error) => error.toFixed(3)).join(' | ')} |`);
  }
  console.log('\nFitted across folds (median, min–max):\n');
  for (const row of rows) {
    const fitted = Object.entries(row.within.parameters).map(([name, p]) => `${name} ${p.median.toFixed(3)} (${p.min.toFixed(3)}–${p.max.toFixed(3)})`);
    console.log(`- ${row.dataset}, ${row.model}: ${fitted.join(', ')}`);
  }
}

// The shipped model: fitted on every dataset pooled, written as a TypeScript module the offline and LLM paths read.
export function fitShippedModel(datasets: LabelledDataset[], file: string, options = SHIPPED_LOGISTIC): SourcingModel {
  const model = fitLogistic(
    datasets.flatMap((d) => d.tickets),
    options,
  );
  const round = (v: number) => Number(v.toFixed(4));
  const rounded: SourcingModel = {
    signals: model.signals.map((s) => ({ name: s.name, mean: round(s.mean), sd: round(s.sd), weight: round(s.weight) })),
    intercept: round(model.intercept),
    threshold: round(model.threshold),
    policy: `${model.policy}, on ${datasets.map((d) => `${d.name} (${d.tickets.length})`).join(' + ')} pooled; L2 ${options.l2}`,
  };
  const signals = rounded.signals.map((s) => `    { name: '${s.name}', mean: ${s.mean}, sd: ${s.sd}, weight: ${s.weight} },`);
  writeFileSync(
    file,
    [
      '// Written by `npm run eval -- --dataset ../shared/eval/dev --dataset ../shared/eval/techdocs --fit-sourcing`: refit it',
      '// after retrieval changes, then check the stay-quiet figures it prints (docs/quality.md).',
      "import { SourcingModel } from './sourcing-score';",
      '',
      'export const SOURCING_MODEL: SourcingModel = {',
      '  signals: [',
      ...signals,
      '  ],',
      `  intercept: ${rounded.intercept},`,
      `  threshold: ${rounded.threshold},`,
      `  policy: '${rounded.policy}',`,
      '};',
      '',
    ].join('\n'),
  );
  return rounded;
}
