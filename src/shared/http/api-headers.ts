import { RequestHandler } from 'express';

// Answers of the admin API, GraphQL and the webhook: never sniffed into something a browser would run, never
// kept by a cache or a proxy (they carry organizations' settings, decisions and customers' questions).
export function apiResponseHeaders(): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
}
