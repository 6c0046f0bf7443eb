import { BadRequestException, PipeTransform } from '@nestjs/common';
import { ZENDESK_TICKET_ID, ZENDESK_TICKET_ID_MESSAGE } from '../../zendesk/domain/ticket';

export class ParseTicketIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!ZENDESK_TICKET_ID.test(value)) throw new BadRequestException(ZENDESK_TICKET_ID_MESSAGE);
    return value;
  }
}
