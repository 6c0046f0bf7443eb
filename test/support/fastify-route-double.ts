import { HttpAdapterHost } from '@nestjs/core';

export type RouteHandler = (request: unknown, reply: unknown) => Promise<unknown>;

// The Fastify instance a route of our own (the liveness probe, the Zendesk webhook) registers itself on, as
// Nest's adapter host hands it over: the routes it registered, by method and path.
export function routeRecordingAdapterHost(): { adapterHost: HttpAdapterHost; route: (method: 'get' | 'post', path: string) => RouteHandler } {
  const routes = new Map<string, RouteHandler>();
  const register = (method: string) => (path: string, handler: RouteHandler) => routes.set(`${method} ${path}`, handler);
  const fastify = { get: register('get'), post: register('post') };
  const adapterHost = { httpAdapter: { getInstance: () => fastify } } as unknown as HttpAdapterHost;
  return { adapterHost, route: (method, path) => routes.get(`${method} ${path}`)! };
}

// A Fastify reply that records what the route answered.
export function recordingReply(): { fake: unknown; sent: { status?: number; type?: string; body?: unknown } } {
  const sent: { status?: number; type?: string; body?: unknown } = {};
  const fake = {
    code: (status: number) => ((sent.status = status), fake),
    type: (type: string) => ((sent.type = type), fake),
    send: (body: unknown) => ((sent.body = body), fake),
  };
  return { fake, sent };
}
