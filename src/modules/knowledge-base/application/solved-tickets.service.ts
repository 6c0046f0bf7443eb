import { Injectable } from '@nestjs/common';
import { Embedder } from '../../llm/application/ports/embedder';
import { Passage } from '../../llm/domain/draft';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { TicketSnapshot } from '../../zendesk/domain/ticket';
import { agentTicketUrl, lookupTextOf, SolvedTicketsSummary, solvedTicketTitle } from '../domain/solved-ticket';
import { pastAnswerOf } from '../domain/solved-ticket-pair';
import { answeredQuestionPassage, closestPastThreshold, trainingMatchThreshold } from '../domain/training-answer';
import { SolvedTicketRepository } from './ports/solved-ticket.repository';

export interface SolvedTicketPassage {
  passage: Passage;
  // How far past its threshold the match is (similarity / threshold, ≥ 1): how clearly the ticket asks the same.
  margin: number;
}

// Solved tickets' redacted pairs: stored by the sync (and `npm run eval`), looked up for every draft as training
// answers are, with the same thresholds: by words (TF-IDF cosine, whatever the embedding model) or by embedding
// where the model has a calibrated threshold; of two candidates, the one further past its threshold.
@Injectable()
export class SolvedTicketsService {
  constructor(
    private readonly tickets: SolvedTicketRepository,
    private readonly embedder: Embedder,
    private readonly organizations: OrganizationsService,
  ) {}

  // A solved ticket as the sync (or `npm run eval`) read it. Its redacted pair (pastAnswerOf) is all that goes
  // further: stored, embedded, replacing an earlier one. Without a substantive reply it is left out ('skipped'),
  // and an earlier pair of the ticket goes ('removed'): it no longer says how the ticket ended.
  async keep(organizationId: string, ticket: TicketSnapshot): Promise<'added' | 'updated' | 'skipped' | 'removed'> {
    // Reopened since the export listed it solved: its pair stays until it is solved again (the export lists it then).
    if (ticket.status !== 'solved' && ticket.status !== 'closed') return 'skipped';
    const pair = pastAnswerOf(ticket);
    if (!pair) return (await this.tickets.remove(organizationId, ticket.id)) ? 'removed' : 'skipped';
    const lookupText = lookupTextOf(pair.question);
    const [embedding] = await this.embedder.embed([lookupText]);
    return this.tickets.save(organizationId, pair, lookupText, { embedding, model: this.embedder.model });
  }

  async summary(organizationId: string): Promise<SolvedTicketsSummary> {
    const organization = await this.organizations.get(organizationId);
    const [count, lastSyncedAt] = await Promise.all([this.tickets.count(organizationId), this.tickets.lastSyncedAt(organizationId)]);
    return { enabled: organization.settings.solvedTicketsEnabled, count, lastSyncedAt };
  }

  // The past answer nearest to this question, or null; never the pair of `ticketId` itself (the ticket asked).
  async findPassage(organizationId: string, zendeskBaseUrl: string, question: string, ticketId: string | null): Promise<SolvedTicketPassage | null> {
    const threshold = trainingMatchThreshold(this.embedder.model);
    const embedded = threshold === null ? null : { embedding: (await this.embedder.embed([question]))[0], model: this.embedder.model };
    let found = await this.tickets.findNearest(organizationId, question, embedded, ticketId);
    if (embedded && found.otherModels) {
      await this.reembedOtherModels(organizationId);
      found = await this.tickets.findNearest(organizationId, question, embedded, ticketId);
    }
    const best = closestPastThreshold(found.byWords, found.byEmbedding, threshold);
    if (!best) return null;
    const { ticket } = best.nearest;
    const passage = answeredQuestionPassage(
      {
        articleId: ticket.id,
        externalId: `solved_ticket:${ticket.ticketId}`,
        title: solvedTicketTitle(ticket.ticketId),
        // The ticket in the agent interface: the note links it for the rep; draft-guard.ts keeps it out of the reply.
        url: agentTicketUrl(zendeskBaseUrl, ticket.ticketId),
        // An agent's reply to a customer, personal data removed.
        content: ticket.answer,
        origin: 'solved_ticket',
      },
      best,
    );
    return { passage, margin: best.margin };
  }

  // After EMBEDDING_MODEL changed, the organization's pairs are embedded again on their next lookup.
  private async reembedOtherModels(organizationId: string): Promise<void> {
    const stale = await this.tickets.findEmbeddedByOtherModel(organizationId, this.embedder.model);
    if (stale.length === 0) return;
    const vectors = await this.embedder.embed(stale.map((ticket) => lookupTextOf(ticket.question)));
    for (const [i, ticket] of stale.entries()) await this.tickets.updateEmbedding(organizationId, ticket.id, { embedding: vectors[i], model: this.embedder.model });
  }
}
