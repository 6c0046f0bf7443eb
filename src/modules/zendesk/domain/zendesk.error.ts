import { ExternalServiceError } from '../../../shared/errors/external-service.error';

export enum ZendeskErrorCode {
  TicketNotFound = 'ticket_not_found',
  Unauthorized = 'zendesk_unauthorized',
  Conflict = 'zendesk_conflict',
  Unavailable = 'zendesk_unavailable',
  Rejected = 'zendesk_rejected',
  // Guide answered 404 for a help-center article (deleted, archived, or that locale removed).
  ArticleNotFound = 'zendesk_article_not_found',
  // Guide answered 403 to an article edit: the API token's user may not edit that article.
  ArticleEditForbidden = 'zendesk_article_edit_forbidden',
}

export class ZendeskError extends ExternalServiceError<ZendeskErrorCode> {
  constructor(
    code: ZendeskErrorCode,
    message: string,
    status?: number,
    // Nothing may be sent to the account before then (Retry-After, an open breaker): defer rather than retry.
    readonly retryAt?: Date,
  ) {
    super(code, message, status);
  }

  // Worth another attempt later: outages, rate limits, and lost safe-update races.
  get transient(): boolean {
    return this.code === ZendeskErrorCode.Unavailable || this.code === ZendeskErrorCode.Conflict;
  }
}
