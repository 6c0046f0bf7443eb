import { ServiceUnavailableException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { recordingReply, routeRecordingAdapterHost } from '../../../test/support/fastify-route-double';
import { LivenessProbe } from './liveness-probe';

describe('the liveness probe', () => {
  const routed = () => {
    const { adapterHost, route } = routeRecordingAdapterHost();
    const probe = new LivenessProbe(adapterHost);
    probe.onModuleInit();
    return { probe, live: route('get', '/health/live') };
  };

  it("answers terminus' body while the process runs, and terminus' 503 once it shuts down", async () => {
    const { probe, live } = routed();
    const { fake, sent } = recordingReply();
    await live({}, fake);
    expect(sent).toEqual({ type: 'application/json; charset=utf-8', body: '{"status":"ok","info":{},"error":{},"details":{}}' });
    probe.beforeApplicationShutdown();
    const refusal: unknown = await live({}, recordingReply().fake).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ServiceUnavailableException);
    expect((refusal as ServiceUnavailableException).getResponse()).toEqual({ status: 'shutting_down', info: {}, error: {}, details: {} });
  });

  it('routes nothing in an application context without HTTP (the CLI)', () => {
    expect(() => new LivenessProbe({ httpAdapter: undefined } as unknown as HttpAdapterHost).onModuleInit()).not.toThrow();
  });
});
