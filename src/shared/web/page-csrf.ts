import { createHmac } from 'node:crypto';
import { doubleCsrf, DoubleCsrfUtilities } from 'csrf-csrf';
import { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config';

export interface PageCsrfOptions {
  // Names the secret: each page family signs its tokens with a key of its own.
  purpose: string;
  cookieName: string;
  // The cookie goes back to this path only.
  path: string;
  // What a token is bound to (a suggestion, a console session); '' when nothing yet.
  sessionOf: (req: FastifyRequest) => string;
}

// csrf-csrf is typed for Express; it reads `cookies` and `body` from the request and calls `cookie()` on the reply,
// which @fastify/cookie gives Fastify's too.
type CsrfRequest = Parameters<DoubleCsrfUtilities['generateCsrfToken']>[0];
type CsrfResponse = Parameters<DoubleCsrfUtilities['generateCsrfToken']>[1];

// Double-submit CSRF protection for the server-rendered pages' forms (csrf-csrf): a token in each form, and its
// HMAC'd twin in a strict same-site cookie only this service's pages can read back.
export class PageCsrf {
  private readonly csrf: DoubleCsrfUtilities;

  constructor(config: AppConfig, options: PageCsrfOptions) {
    const secret = createHmac('sha256', config.secretsKey).update(options.purpose).digest('base64url');
    this.csrf = doubleCsrf({
      getSecret: () => secret,
      getSessionIdentifier: (req) => options.sessionOf(req as unknown as FastifyRequest),
      cookieName: options.cookieName,
      cookieOptions: { sameSite: 'strict', path: options.path, secure: config.publicBaseUrl.startsWith('https:'), httpOnly: true },
      getCsrfTokenFromRequest: (req) => (req.body as Record<string, string> | undefined)?._csrf,
    });
  }

  // The token for the page's forms; sets (or keeps) the cookie.
  issue(req: FastifyRequest, res: FastifyReply): string {
    return this.csrf.generateCsrfToken(req as unknown as CsrfRequest, res as unknown as CsrfResponse);
  }

  isValid(req: FastifyRequest): boolean {
    return this.csrf.validateRequest(req as unknown as CsrfRequest);
  }
}
