import { FastifyReply } from 'fastify';

// Answers of the admin API, GraphQL and the webhook: never sniffed into something a browser would run, never
// kept by a cache or a proxy (they carry organizations' settings, decisions and customers' questions).
export function setApiResponseHeaders(reply: FastifyReply): void {
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('Cache-Control', 'no-store');
}
