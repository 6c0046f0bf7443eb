export enum ZendeskErrorCode {
  TicketNotFound = 'ticket_not_found',
  Unauthorized = 'zendesk_unauthorized',
  Conflict = 'zendesk_conflict',
  Unavailable = 'zendesk_unavailable',
  Rejected = 'zendesk_rejected',
}

export class ZendeskError extends Error {
  constructor(
    readonly code: ZendeskErrorCode,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ZendeskError';
  }

  // Worth another attempt later: outages, rate limits, and lost safe-update races.
  get transient(): boolean {
    return this.code === ZendeskErrorCode.Unavailable || this.code === ZendeskErrorCode.Conflict;
  }
}
