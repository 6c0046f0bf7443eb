import { ServiceUnavailableException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { LivenessProbe } from './liveness-probe';

describe('the liveness probe', () => {
  const routed = () => {
    const routes = new Map<string, (request: unknown, reply: unknown) => Promise<unknown>>();
    const fastify = { get: (path: string, handler: (request: unknown, reply: unknown) => Promise<unknown>) => routes.set(path, handler) };
    const probe = new LivenessProbe({ httpAdapter: { getInstance: () => fastify } } as unknown as HttpAdapterHost);
    probe.onModuleInit();
    return { probe, live: routes.get('/health/live')! };
  };
  const reply = () => {
    const sent: { type?: string; body?: string } = {};
    const fake = { type: (type: string) => ((sent.type = type), fake), send: (body: string) => ((sent.body = body), fake) };
    return { fake, sent };
  };

  it("answers terminus' body while the process runs, and terminus' 503 once it shuts down", async () => {
    const { probe, live } = routed();
    const { fake, sent } = reply();
    await live({}, fake);
    expect(sent).toEqual({ type: 'application/json; charset=utf-8', body: '{"status":"ok","info":{},"error":{},"details":{}}' });
    probe.beforeApplicationShutdown();
    const refusal: unknown = await live({}, reply().fake).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ServiceUnavailableException);
    expect((refusal as ServiceUnavailableException).getResponse()).toEqual({ status: 'shutting_down', info: {}, error: {}, details: {} });
  });

  it('routes nothing in an application context without HTTP (the CLI)', () => {
    expect(() => new LivenessProbe({ httpAdapter: undefined } as unknown as HttpAdapterHost).onModuleInit()).not.toThrow();
  });
});
