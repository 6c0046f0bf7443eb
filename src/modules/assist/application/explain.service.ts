import { Injectable } from '@nestjs/common';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { Decision, SuggestionAcceptance, WebhookDelivery } from '../domain/decision';
import { NoteSource } from '../domain/internal-note';
import { TrainingAction } from '../domain/training-action';
import { trainingLinkInNote } from '../domain/training-link';
import { AssistRecords } from './ports/assist-records';
import { TrainingActionLog } from './ports/training-action-log';
import { TrainingLinkCheck, TrainingLinksService } from './training-links.service';

export interface TicketStory {
  organization: { id: string; name: string };
  ticketId: string;
  // Oldest first, accepted and refused alike.
  webhooks: WebhookDelivery[];
  // Oldest first; `eventId` joins each to the webhook that caused it (a replay's matches none).
  decisions: StoryDecision[];
  tagsApplied: string[];
  notes: StoryNote[];
}

export type StoryDecision = Pick<Decision, 'at' | 'eventId' | 'outcome' | 'reason' | 'commentId' | 'tagsApplied' | 'suggestionId' | 'evidence'> & {
  // Run by an operator (`npm run cli -- replay`), not by a webhook.
  replay: boolean;
};

export interface StoryNote {
  suggestionId: string;
  // The customer comment the note answers, and the note's own comment in Zendesk.
  commentId: string;
  zendeskCommentId: string | null;
  postedAt: Date | null;
  sourced: boolean;
  sources: NoteSource[];
  trainingLink: TrainingLinkCheck | null;
  // What the rep did with it, once their public reply after the note showed it.
  acceptance: SuggestionAcceptance | null;
  // What reps did on its training page: ratings, corrected answers, article and topic fixes.
  training: TrainingAction[];
}

// "Why did Assist stay quiet / post twice / link to a dead page?" answered from our own records, in one read.
@Injectable()
export class ExplainService {
  constructor(
    private readonly organizations: OrganizationsService,
    private readonly records: AssistRecords,
    private readonly trainingLinks: TrainingLinksService,
    private readonly trainingActions: TrainingActionLog,
  ) {}

  async story(organizationId: string, ticketId: string): Promise<TicketStory> {
    const organization = await this.organizations.get(organizationId);
    const [webhooks, decisions, suggestions] = await Promise.all([
      this.records.listWebhookDeliveries(organizationId, ticketId),
      this.records.listDecisions(organizationId, ticketId),
      this.records.listSuggestions(organizationId, ticketId),
    ]);
    const chronological = [...decisions].reverse();
    return {
      organization: { id: organization.id, name: organization.name },
      ticketId,
      webhooks,
      decisions: chronological.map((d) => ({
        at: d.at,
        eventId: d.eventId,
        outcome: d.outcome,
        reason: d.reason,
        replay: d.evidence.replay === true,
        commentId: d.commentId,
        tagsApplied: d.tagsApplied,
        suggestionId: d.suggestionId,
        evidence: d.evidence,
      })),
      tagsApplied: [...new Set(chronological.flatMap((decision) => decision.tagsApplied))],
      notes: await Promise.all(
        suggestions.map(async (suggestion) => {
          const url = trainingLinkInNote(suggestion.noteHtml, suggestion.id);
          return {
            suggestionId: suggestion.id,
            commentId: suggestion.commentId,
            zendeskCommentId: suggestion.zendeskCommentId,
            postedAt: suggestion.postedAt,
            sourced: suggestion.sourced,
            sources: suggestion.sources,
            trainingLink: url === null ? null : this.trainingLinks.check(suggestion.id, url),
            acceptance: suggestion.acceptance,
            training: await this.trainingActions.listForSuggestion(suggestion.id),
          };
        }),
      ),
    };
  }
}
