import { Injectable, Logger } from '@nestjs/common';
import { TicketSnapshot } from '../../zendesk/domain/ticket';
import { Suggestion } from '../domain/decision';
import { judgeSuggestion } from '../domain/reply-acceptance';
import { AssistRecords } from './ports/assist-records';

// Learning without being asked: each webhook shows the ticket as it is now, so the rep's public reply after our
// note tells what they did with the draft (the ticket's suggestions, as read with it). Judged once per suggestion.
@Injectable()
export class ReplyFeedbackService {
  private readonly logger = new Logger(ReplyFeedbackService.name);

  constructor(private readonly records: AssistRecords) {}

  // Never throws: feedback is a by-product of the webhook, and must not cost the ticket its decision.
  async judgeReplies(organizationId: string, ticket: TicketSnapshot, suggestions: Suggestion[]): Promise<void> {
    try {
      for (const suggestion of suggestions) {
        if (suggestion.acceptance || !suggestion.postedAt) continue;
        const judgement = judgeSuggestion(ticket, { ...suggestion, postedAt: suggestion.postedAt });
        if (judgement && (await this.records.recordAcceptance(suggestion.id, judgement))) {
          this.logger.log(`Suggestion ${suggestion.id} judged ${judgement.acceptance} (${judgement.similarity})`);
        }
      }
    } catch (error) {
      this.logger.error(`Judging the replies on ticket ${ticket.id} of ${organizationId} failed: ${(error as Error)?.message ?? error}`);
    }
  }
}
