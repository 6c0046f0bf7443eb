// Written by `npm run eval -- --dataset ../shared/eval/dev --dataset ../shared/eval/techdocs --fit-sourcing`: refit it
// after retrieval changes, then check the stay-quiet figures it prints (docs/quality.md).
import { SourcingModel } from './sourcing-score';

export const SOURCING_MODEL: SourcingModel = {
  signals: [
    { name: 'titleNamed', mean: 0.4333, sd: 0.4955, weight: 1.9712 },
    { name: 'coverageUnlessTitleNamed', mean: 0.319, sd: 0.3283, weight: 1.4717 },
  ],
  intercept: 1.3481,
  threshold: 0.6253,
  policy: 'max F1 of staying quiet, on dev (104) + techdocs (76) pooled; L2 1',
};
