import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { ExternalServiceError } from '../../../shared/errors/external-service.error';
import { Passage } from '../../llm/domain/draft';
import { OrganizationsService } from '../../organizations/application/organizations.service';
import { Organization } from '../../organizations/domain/organization';
import { TopicsService } from '../../topics/application/topics.service';
import { CommentClaims } from '../../dedupe/application/ports/comment-claims';
import { ZendeskGateway } from '../../zendesk/application/ports/zendesk-gateway';
import { TicketSnapshot, ZendeskAccount } from '../../zendesk/domain/ticket';
import { AssistEvidence, AssistStep, latestPublicComment, nextAssistStep, unansweredCustomerComments } from '../domain/assist-policy';
import { AssistJob, DecisionRecord } from '../domain/decision';
import { renderInternalNote } from '../domain/internal-note';
import { GroundedDraft, GroundedDraftService } from './grounded-draft.service';
import { AssistRecords } from './ports/assist-records';
import { TrainingLinksService } from './training-links.service';

interface TicketRun {
  job: AssistJob;
  organization: Organization;
  account: ZendeskAccount;
  ticket: TicketSnapshot;
  commentId: string | null;
  customerComments: string[];
  evidence: AssistEvidence;
  // Recorded with the decision: what a person reads when Assist stayed quiet.
  facts: Record<string, unknown>;
  draft?: GroundedDraft;
}

// Webhook job → Zendesk ticket → decision table → internal note or tag. One decision recorded per run.
@Injectable()
export class AssistPipelineService {
  private readonly logger = new Logger(AssistPipelineService.name);

  constructor(
    private readonly organizations: OrganizationsService,
    private readonly zendesk: ZendeskGateway,
    private readonly claims: CommentClaims,
    private readonly topics: TopicsService,
    private readonly groundedDrafts: GroundedDraftService,
    private readonly records: AssistRecords,
    private readonly trainingLinks: TrainingLinksService,
  ) {}

  async process(job: AssistJob, isFinalAttempt: boolean): Promise<void> {
    const organization = await this.organizations.find(job.organizationId);
    if (!organization) {
      this.logger.warn(`Organization ${job.organizationId} no longer exists; dropping event ${job.eventId}`);
      return;
    }
    let run: TicketRun | null = null;
    try {
      const account = await this.organizations.zendeskAccount(organization);
      const ticket = await this.zendesk.fetchTicket(account, job.ticketId);
      const recordedHandoff = await this.records.isHandoffTicket(organization.id, ticket.id);
      const latest = latestPublicComment(ticket);
      run = {
        job,
        organization,
        account,
        ticket,
        commentId: latest?.id ?? null,
        customerComments: unansweredCustomerComments(ticket),
        evidence: { ticket, settings: organization.settings, recordedHandoff },
        facts: { status: ticket.status, latestPublicCommentId: latest?.id ?? null, latestPublicCommentBy: latest?.authorRole ?? null },
      };
      await this.decide(run);
    } catch (error) {
      if (!isFinalAttempt && isTransient(error)) throw error;
      await this.recordFailure(job, run, error);
    }
  }

  private async decide(run: TicketRun): Promise<void> {
    for (;;) {
      const step: AssistStep = nextAssistStep(run.evidence);
      if (step.kind === 'gather') {
        await this.gather(run, step.evidence);
        continue;
      }
      if (step.kind === 'skip') {
        if (step.tags.length > 0) await this.zendesk.addTags(run.account, run.ticket.id, step.tags, run.ticket.updatedAt);
        await this.record(run, { outcome: 'skipped', reason: step.reason, tagsApplied: step.tags, suggestionId: null });
        return;
      }
      const suggestionId = await this.postSuggestion(run);
      await this.record(run, { outcome: 'suggested', reason: 'suggested', tagsApplied: [], suggestionId });
      return;
    }
  }

  private async gather(run: TicketRun, evidence: 'claim' | 'topics' | 'draft'): Promise<void> {
    const { organization, ticket } = run;
    switch (evidence) {
      case 'claim':
        run.evidence.claimed = await this.claims.claim({
          organizationId: organization.id,
          ticketId: ticket.id,
          commentId: run.commentId!,
          eventId: run.job.eventId,
          windowHours: organization.settings.dedupeWindowHours,
        });
        return;
      case 'topics': {
        const matches = await this.topics.classify(organization.id, [ticket.subject, ...run.customerComments].join('\n\n'));
        run.facts.topics = matches.map(({ name, noAssist, because }) => ({ name, noAssist, because }));
        run.evidence.noAssistTopicMatched = matches.some((match) => match.noAssist);
        return;
      }
      case 'draft': {
        const requester = ticket.comments.find((comment) => comment.authorId === ticket.requesterId);
        run.draft = await this.groundedDrafts.write({
          organizationId: organization.id,
          subject: ticket.subject,
          customerComments: run.customerComments,
          customerName: requester?.authorName ?? null,
          customerLocale: ticket.requesterLocale,
          signOff: organization.settings.signOff,
        });
        run.evidence.draftSourced = run.draft.draft.sourced;
        // The evidence behind "is this answer sourced?", for whoever asks why Assist spoke or stayed quiet.
        run.facts.retrieval = run.draft.passages.map((p) => ({
          articleId: p.articleId,
          externalId: p.externalId,
          title: p.title,
          section: p.section,
          score: round(p.score),
          bm25: round(p.lexicalScore),
          similarity: round(p.similarity),
          coverage: round(p.coverage),
          titleCoverage: round(p.titleCoverage),
        }));
        run.facts.draftSourced = run.draft.draft.sourced;
        return;
      }
    }
  }

  // Idempotent across retries: a note already on the ticket (found by its suggestion id) is not posted again.
  private async postSuggestion(run: TicketRun): Promise<string> {
    const { job, ticket, commentId } = run;
    let suggestion = await this.records.findSuggestionForEvent(job.eventId, commentId!);
    if (!suggestion) {
      const { draft, passages, question } = run.draft!;
      const id = randomUUID();
      const sources = draft.citedArticleIds
        .map((articleId) => passages.find((p) => p.articleId === articleId))
        .filter((p): p is Passage => p !== undefined)
        .map((p) => ({ articleId: p.articleId, title: p.title, url: p.url, internal: p.visibility !== 'public' }));
      suggestion = await this.records.saveSuggestion({
        id,
        organizationId: run.organization.id,
        ticketId: ticket.id,
        commentId: commentId!,
        eventId: job.eventId,
        question,
        reply: draft.reply,
        noteHtml: renderInternalNote({ reply: draft.reply, sources, trainingUrl: this.trainingLinks.linkFor(id) }),
        sources,
        sourced: draft.sourced,
      });
    }
    if (!suggestion.postedAt) {
      const id = suggestion.id;
      const alreadyPosted = ticket.comments.some((c) => !c.public && (c.htmlBody.includes(id) || c.body.includes(id)));
      if (!alreadyPosted) await this.zendesk.postInternalNote(run.account, ticket.id, suggestion.noteHtml, ticket.updatedAt);
      await this.records.markSuggestionPosted(id);
    }
    return suggestion.id;
  }

  private async record(run: TicketRun, outcome: Pick<DecisionRecord, 'outcome' | 'reason' | 'tagsApplied' | 'suggestionId'>) {
    await this.records.recordDecision({
      organizationId: run.organization.id,
      ticketId: run.ticket.id,
      commentId: run.commentId,
      eventId: run.job.eventId,
      evidence: run.facts,
      ...outcome,
    });
  }

  // Final: release the comment so a later webhook may try again, and say why in the decision log.
  private async recordFailure(job: AssistJob, run: TicketRun | null, error: unknown): Promise<void> {
    const reason = error instanceof ExternalServiceError ? error.code : 'internal_error';
    this.logger.error(`Ticket ${job.ticketId} of ${job.organizationId} failed: ${(error as Error)?.message ?? error}`);
    if (run?.evidence.claimed && run.commentId) {
      await this.claims.release({ organizationId: job.organizationId, ticketId: job.ticketId, commentId: run.commentId, eventId: job.eventId });
    }
    await this.records.recordDecision({
      organizationId: job.organizationId,
      ticketId: job.ticketId,
      commentId: run?.commentId ?? null,
      eventId: job.eventId,
      outcome: 'failed',
      reason,
      tagsApplied: [],
      suggestionId: null,
      evidence: { ...(run?.facts ?? {}), error: (error as Error)?.message ?? String(error) },
    });
  }
}

// Zendesk and the LLM say which of their failures are worth retrying; anything else (database) is retried too.
function isTransient(error: unknown): boolean {
  return error instanceof ExternalServiceError ? error.transient : true;
}

const round = (value: number) => Math.round(value * 1000) / 1000;
