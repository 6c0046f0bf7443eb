import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { DomainError } from '../../../shared/errors/domain.error';
import { Metrics } from '../../../shared/observability/metrics';
import { summarizeRequest } from '../../../shared/observability/request-logging';
import { parseJsonExact } from '../../../shared/text/exact-json';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { ZENDESK_TICKET_ID } from '../../zendesk/domain/ticket';
import { SignatureVerdict, SignedDelivery, verifyZendeskSignature } from '../../zendesk/infrastructure/webhook-signature';
import { AcceptedDelivery, COALESCED_REASON, WebhookRejection } from '../domain/decision';
import { AssistRecords } from './ports/assist-records';

export enum WebhookErrorCode {
  UnknownOrganization = 'webhook_unknown_organization',
  BadSignature = 'webhook_bad_signature',
  MalformedBody = 'webhook_malformed_body',
}

export class WebhookError extends DomainError<WebhookErrorCode> {}

// Never a secret compared against nothing: unknown organizations still pay for an HMAC, so the
// answer's timing does not tell which organization ids exist.
const DECOY_SECRET = 'decoy-secret-for-constant-work';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

const REJECTION_BY_VERDICT: Record<Exclude<SignatureVerdict, 'valid'>, WebhookRejection> = {
  missing: 'missing_signature',
  mismatch: 'bad_signature',
  stale: 'stale',
};

@Injectable()
export class WebhookIntakeService {
  private readonly logger = new Logger(WebhookIntakeService.name);

  constructor(
    private readonly organizations: OrganizationsService,
    private readonly records: AssistRecords,
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  async accept(organizationId: string, delivery: SignedDelivery): Promise<AcceptedDelivery> {
    const now = new Date();
    const verify = (secret: string | null) => verifyZendeskSignature(delivery, secret ?? DECOY_SECRET, now, this.config.webhookMaxAgeSeconds);
    const wellFormed = UUID.test(organizationId);
    const cached = wellFormed ? this.organizations.cachedWebhookSigningSecret(organizationId) : undefined;
    let secret = cached ?? (wellFormed ? await this.organizations.webhookSigningSecret(organizationId) : null);
    let verdict = verify(secret);
    // A secret rotated (or an organization deleted) on another instance within the cache's few seconds: what
    // the cached secret refuses is judged again with the stored one.
    if (verdict !== 'valid' && cached !== undefined) {
      secret = await this.organizations.webhookSigningSecret(organizationId);
      verdict = verify(secret);
    }
    this.metrics.webhookReceived(secret === null ? 'unknown_organization' : verdict);
    if (secret === null) {
      throw new WebhookError(WebhookErrorCode.UnknownOrganization, `Organization ${organizationId} not found`);
    }
    if (verdict !== 'valid') {
      this.logger.warn(`Rejected webhook for ${organizationId}: signature ${verdict}`);
      await this.records.recordRejectedWebhook({
        organizationId,
        ticketId: ticketIdHint(delivery.rawBody),
        verdict: REJECTION_BY_VERDICT[verdict],
        signatureTimestamp: delivery.timestamp?.slice(0, 64) ?? null,
      });
      throw new WebhookError(WebhookErrorCode.BadSignature, `Webhook signature ${verdict}`);
    }
    const payload = parsePayload(delivery.rawBody);
    const job = await this.records.acceptWebhook({
      organizationId,
      ticketId: payload.ticketId,
      payload: payload.body,
      signatureTimestamp: delivery.timestamp!,
    });
    // Ties this request's id to the event id that every log line of its job carries: said by the request's own
    // line when there is one (one line a delivery).
    const joined = job.coalescedInto ? `, coalesced into the waiting event ${job.coalescedInto}` : '';
    if (job.coalescedInto) this.metrics.decisionRecorded('skipped', COALESCED_REASON);
    const accepted = `Accepted event ${job.eventId} for ticket ${job.ticketId}${joined}`;
    if (!summarizeRequest(accepted)) this.logger.log(accepted);
    return job;
  }
}

// Which ticket a refused delivery claimed to be about, so that explain can show it there; null if unreadable.
function ticketIdHint(rawBody: Buffer): string | null {
  try {
    return parsePayload(rawBody).ticketId;
  } catch {
    return null;
  }
}

// Only the ticket id is trusted from the body; everything else an admin put in the trigger is kept but ignored.
function parsePayload(rawBody: Buffer): { ticketId: string; body: unknown } {
  let body: unknown;
  try {
    // Fatal: invalid UTF-8 is refused, not turned into replacement characters. Exact: a numeric ticket id
    // beyond 2^53 keeps its digits.
    body = parseJsonExact(UTF8.decode(rawBody));
  } catch {
    throw new WebhookError(WebhookErrorCode.MalformedBody, 'Body is not valid UTF-8 JSON');
  }
  const ticketId = (body as { ticket_id?: unknown } | null)?.ticket_id;
  const normalized = typeof ticketId === 'number' ? String(ticketId) : typeof ticketId === 'string' ? ticketId.trim() : '';
  if (!ZENDESK_TICKET_ID.test(normalized)) {
    throw new WebhookError(WebhookErrorCode.MalformedBody, 'Body must carry "ticket_id": a positive integer or numeric string');
  }
  return { ticketId: normalized, body };
}
