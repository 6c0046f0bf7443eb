import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { doubleCsrf, DoubleCsrfUtilities } from 'csrf-csrf';
import { Request, Response } from 'express';
import { AppConfig } from '../../../../config/app-config';

// Double-submit CSRF protection for the training page's forms (csrf-csrf): a token in each form, bound to the
// suggestion, and its HMAC'd twin in a strict same-site cookie only this service's pages can read back.
@Injectable()
export class TrainingCsrf {
  private readonly csrf: DoubleCsrfUtilities;

  constructor(config: AppConfig) {
    const secret = createHmac('sha256', config.secretsKey).update('training-page-csrf').digest('base64url');
    this.csrf = doubleCsrf({
      getSecret: () => secret,
      getSessionIdentifier: (req) => String(req.params.suggestionId ?? ''),
      cookieName: 'ocx_training_csrf',
      cookieOptions: { sameSite: 'strict', path: '/training', secure: config.publicBaseUrl.startsWith('https:'), httpOnly: true },
      getCsrfTokenFromRequest: (req) => (req.body as Record<string, string> | undefined)?._csrf,
    });
  }

  // The token for the page's forms; sets (or keeps) the cookie.
  issue(req: Request, res: Response): string {
    return this.csrf.generateCsrfToken(req, res);
  }

  isValid(req: Request): boolean {
    return this.csrf.validateRequest(req);
  }
}
