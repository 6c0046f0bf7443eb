// Written by `npm run eval -- --dataset ../shared/eval/dev --dataset ../shared/eval/techdocs --fit-sourcing`: refit it
// after retrieval changes, then check the stay-quiet figures it prints (README, "Measured quality").
import { SourcingModel } from './sourcing-score';

export const SOURCING_MODEL: SourcingModel = {
  signals: [
    { name: 'titleNamed', mean: 0.4222, sd: 0.4939, weight: 1.8903 },
    { name: 'coverageUnlessTitleNamed', mean: 0.3999, sd: 0.3957, weight: 1.2348 },
  ],
  intercept: 1.3353,
  threshold: 0.6468,
  policy: 'max F1 of staying quiet, on dev (104) + techdocs (76) pooled; L2 1',
};
