import { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

// The pages a rep or an admin opens in a browser: scripts, styles and form posts from this service only, never
// framed (a training page in someone else's frame could be clicked on a rep's behalf).
export function pageSecurityHeaders(): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
  });
}
