import { BadRequestException, PipeTransform } from '@nestjs/common';

// Zendesk ticket ids are positive integers: anything else (a NUL, a megabyte of digits) is refused before it reaches
// a query, where PostgreSQL would fail on it.
export const ZENDESK_TICKET_ID = /^[1-9]\d{0,18}$/;

export class ParseTicketIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ZENDESK_TICKET_ID.test(value)) throw new BadRequestException('ticketId must be a Zendesk ticket id (a positive integer)');
    return value;
  }
}
