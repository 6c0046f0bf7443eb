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

// A web-only instance creates its queue on its first delivery, inside the delivery's transaction, on the same pool
// of 10 connections: 10 or more deliveries as its very first ones each hold a connection and wait for that creation,
// which waits for a connection, and the instance answers no webhook any more (reported with issue 14). One
// delivery alone first, so that the load measures the intake and not that.
export async function deliverFirst(baseUrl: string, target: WebhookTarget): Promise<void> {
  const { path, body, headers } = signedDelivery(target);
  const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: headers as Record<string, string>, body });
  if (response.status !== 202) throw new Error(`The first webhook answered ${response.status}: ${await response.text()}`);
}
