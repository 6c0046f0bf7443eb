import { IncomingHttpHeaders } from 'node:http';
import autocannon from 'autocannon';
import { TRIGGER_BODY } from '../../src/modules/zendesk/domain/zendesk-setup';
import { SIGNING_SECRET } from '../../test/support/assist-fixture';
import { isoSeconds, signZendeskWebhook } from '../../test/support/simulator-http';

export interface WebhookTarget {
  organizationId: string;
  ticketId: string;
}

// A delivery with the body our trigger makes Zendesk send (zendesk-setup.ts), stamped now and signed as Zendesk
// signs (with the fixture's secret).
function signedDelivery({ organizationId, ticketId }: WebhookTarget): { path: string; body: string; headers: IncomingHttpHeaders } {
  const body = TRIGGER_BODY.replace('{{ticket.id}}', ticketId);
  const timestamp = isoSeconds(Date.now() / 1000);
  return {
    path: `/webhooks/zendesk/${organizationId}`,
    body,
    headers: {
      'content-type': 'application/json',
      'x-zendesk-webhook-signature-timestamp': timestamp,
      'x-zendesk-webhook-signature': signZendeskWebhook(SIGNING_SECRET, timestamp, body),
    },
  };
}

// For autocannon's setupRequest: every request a delivery of its own.
export function signedDeliveries(next: () => WebhookTarget): (request: autocannon.Request) => autocannon.Request {
  return (request) => ({ ...request, method: 'POST', ...signedDelivery(next()) });
}
