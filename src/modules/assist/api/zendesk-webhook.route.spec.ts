import { HttpAdapterHost } from '@nestjs/core';
import { recordingReply, routeRecordingAdapterHost } from '../../../../test/support/fastify-route-double';
import { SignedDelivery } from '../../zendesk/infrastructure/webhook-signature';
import { WebhookIntakeService } from '../application/webhook-intake.service';
import { ZendeskWebhookRoute } from './zendesk-webhook.route';

describe('the Zendesk webhook route', () => {
  const routed = () => {
    const { adapterHost, route } = routeRecordingAdapterHost();
    const accepted: Array<{ organizationId: string; delivery: SignedDelivery }> = [];
    const intake = {
      accept: async (organizationId: string, delivery: SignedDelivery) => {
        accepted.push({ organizationId, delivery });
        return { eventId: 'event-1', ticketId: '42', coalescedInto: null };
      },
    } as unknown as WebhookIntakeService;
    new ZendeskWebhookRoute(adapterHost, intake).onModuleInit();
    return { receive: route('post', '/webhooks/zendesk/:organizationId'), accepted };
  };

  it('hands the raw bytes, both signature headers and the organization id to the intake, and answers 202', async () => {
    const { receive, accepted } = routed();
    const { fake, sent } = recordingReply();
    const rawBody = Buffer.from('{"ticket_id":42}');
    const headers = { 'x-zendesk-webhook-signature': 'signature', 'x-zendesk-webhook-signature-timestamp': '2026-12-01T00:00:00Z' };
    await receive({ params: { organizationId: 'org-1' }, headers, body: rawBody }, fake);
    expect(accepted).toEqual([{ organizationId: 'org-1', delivery: { rawBody, signature: 'signature', timestamp: '2026-12-01T00:00:00Z' } }]);
    expect(sent).toEqual({ status: 202, body: { accepted: true, eventId: 'event-1' } });
  });

  it('hands an empty body to the intake when the delivery has none', async () => {
    const { receive, accepted } = routed();
    await receive({ params: { organizationId: 'org-1' }, headers: {}, body: undefined }, recordingReply().fake);
    expect(accepted[0].delivery).toEqual({ rawBody: Buffer.alloc(0), signature: undefined, timestamp: undefined });
  });

  it('routes nothing in an application context without HTTP (the CLI)', () => {
    const route = new ZendeskWebhookRoute({ httpAdapter: undefined } as unknown as HttpAdapterHost, {} as WebhookIntakeService);
    expect(() => route.onModuleInit()).not.toThrow();
  });
});
