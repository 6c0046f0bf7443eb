import { ExternalServiceError } from '../../../shared/errors/external-service.error';

export enum ZendeskErrorCode {
  TicketNotFound = 'ticket_not_found',
  Unauthorized = 'zendesk_unauthorized',
  Conflict = 'zendesk_conflict',
  Unavailable = 'zendesk_unavailable',
  Rejected = 'zendesk_rejected',
}

export class ZendeskError extends ExternalServiceError<ZendeskErrorCode> {
  // Worth another attempt later: outages, rate limits, and lost safe-update races.
  get transient(): boolean {
    return this.code === ZendeskErrorCode.Unavailable || this.code === ZendeskErrorCode.Conflict;
  }
}
