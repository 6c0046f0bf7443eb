import { HttpAdapterHost } from '@nestjs/core';
import { SignedDelivery } from '../../zendesk/infrastructure/webhook-signature';
import { WebhookIntakeService } from '../application/webhook-intake.service';
import { ZendeskWebhookRoute } from './zendesk-webhook.route';

describe('the Zendesk webhook route', () => {
  type Handler = (request: unknown, reply: unknown) => Promise<unknown>;
  const routed = () => {
    const routes = new Map<string, Handler>();
    const fastify = { post: (path: string, handler: Handler) => routes.set(path, handler) };
    const accepted: Array<{ organizationId: string; delivery: SignedDelivery }> = [];
    const intake = {
      accept: async (organizationId: string, delivery: SignedDelivery) => {
        accepted.push({ organizationId, delivery });
        return { eventId: 'event-1', ticketId: '42', coalescedInto: null };
      },
    } as unknown as WebhookIntakeService;
    new ZendeskWebhookRoute({ httpAdapter: { getInstance: () => fastify } } as unknown as HttpAdapterHost, intake).onModuleInit();
    return { receive: routes.get('/webhooks/zendesk/:organizationId')!, accepted };
  };
  const reply = () => {
    const sent: { status?: number; body?: unknown } = {};
    const fake = { code: (status: number) => ((sent.status = status), fake), send: (body: unknown) => ((sent.body = body), fake) };
    return { fake, sent };
  };

  it('hands the raw bytes, both signature headers and the organization id to the intake, and answers 202', async () => {
    const { receive, accepted } = routed();
    const { fake, sent } = reply();
    const rawBody = Buffer.from('{"ticket_id":42}');
    const headers = { 'x-zendesk-webhook-signature': 'signature', 'x-zendesk-webhook-signature-timestamp': '2026-12-01T00:00:00Z' };
    await receive({ params: { organizationId: 'org-1' }, headers, body: rawBody }, fake);
    expect(accepted).toEqual([{ organizationId: 'org-1', delivery: { rawBody, signature: 'signature', timestamp: '2026-12-01T00:00:00Z' } }]);
    expect(sent).toEqual({ status: 202, body: { accepted: true, eventId: 'event-1' } });
  });

  it('hands an empty body to the intake when the delivery has none', async () => {
    const { receive, accepted } = routed();
    await receive({ params: { organizationId: 'org-1' }, headers: {}, body: undefined }, reply().fake);
    expect(accepted[0].delivery).toEqual({ rawBody: Buffer.alloc(0), signature: undefined, timestamp: undefined });
  });

  it('routes nothing in an application context without HTTP (the CLI)', () => {
    const route = new ZendeskWebhookRoute({ httpAdapter: undefined } as unknown as HttpAdapterHost, {} as WebhookIntakeService);
    expect(() => route.onModuleInit()).not.toThrow();
  });
});
