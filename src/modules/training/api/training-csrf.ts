import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { PageCsrf } from '../../../shared/web/page-csrf';

// The training page's forms: each token bound to the suggestion the link opens.
@Injectable()
export class TrainingCsrf extends PageCsrf {
  constructor(config: AppConfig) {
    super(config, {
      purpose: 'training-page-csrf',
      cookieName: 'ocx_training_csrf',
      path: '/training',
      sessionOf: (req) => String((req.params as { suggestionId?: string }).suggestionId ?? ''),
    });
  }
}
