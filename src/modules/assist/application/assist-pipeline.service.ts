import { createHash, randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { ExternalServiceError } from '../../../shared/errors/external-service.error';
import { Metrics } from '../../../shared/observability/metrics';
import { safeText, truncateText } from '../../../shared/text/safe-text';
import { bestPassageOfEachArticle, Passage } from '../../llm/domain/draft';
import { OrganizationForRun, OrganizationsService } from '../../organizations/application/organizations.service';
import { Organization } from '../../organizations/domain/organization';
import { TopicsService } from '../../topics/application/topics.service';
import { TicketForTopics } from '../../topics/domain/topic';
import { CommentClaims } from '../../dedupe/application/ports/comment-claims';
import { ZendeskGateway } from '../../zendesk/application/ports/zendesk-gateway';
import { TicketSnapshot, ZendeskAccount } from '../../zendesk/domain/ticket';
import { ZendeskError } from '../../zendesk/domain/zendesk.error';
import { latestPublicComment, TicketQuestion, ticketQuestion } from '../../zendesk/domain/ticket-question';
import { AssistEvidence, AssistStep, nextAssistStep } from '../domain/assist-policy';
import { AssistJob, DecisionRecord, Suggestion } from '../domain/decision';
import { renderInternalNote } from '../domain/internal-note';
import { GroundedDraft, GroundedDraftService } from './grounded-draft.service';
import { AssistRecords, PostedNote, TicketRead } from './ports/assist-records';
import { ReplyFeedbackService } from './reply-feedback.service';
import { TrainingLinksService } from './training-links.service';

// How a run was started: a webhook's job, or an operator's replay (`npm run cli -- replay`).
export interface RunMode {
  // Past the dedupe window: the comment is taken over even if it got a note or a skip within the window.
  replay: boolean;
  // Writes nothing anywhere (no note, no tag, no claim, no decision): the decision and the note are only returned.
  dryRun: boolean;
}

const WEBHOOK_RUN: RunMode = { replay: false, dryRun: false };

// The question is kept in the decision log and the suggestion: a customer's pasted 2 MB log is not.
const STORED_QUESTION_LENGTH = 20 * 1024;
const STORED_ERROR_LENGTH = 4000;

export interface RunOutcome extends Pick<DecisionRecord, 'outcome' | 'reason' | 'tagsApplied' | 'suggestionId' | 'commentId' | 'evidence'> {
  // The note as posted, or in a dry run as it would have been.
  noteHtml: string | null;
}

interface TicketRun {
  job: AssistJob;
  mode: RunMode;
  organization: Organization;
  account: ZendeskAccount;
  ticket: TicketSnapshot;
  commentId: string | null;
  question: TicketQuestion;
  evidence: AssistEvidence;
  // Recorded with the decision: what a person reads when Assist stayed quiet.
  facts: Record<string, unknown>;
  classified?: TicketForTopics;
  draft?: GroundedDraft;
  // The ticket's recorded suggestions, oldest first.
  suggestions: Suggestion[];
  // The note this run posted, or found on the ticket: recorded as posted with the decision, whichever it is.
  postedNote?: PostedNote;
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
    private readonly metrics: Metrics,
    private readonly replyFeedback: ReplyFeedbackService,
  ) {}

  async process(job: AssistJob, isFinalAttempt: boolean): Promise<void> {
    const found = await this.organizations.findForRun(job.organizationId);
    if (!found) {
      this.logger.warn(`Organization ${job.organizationId} no longer exists; dropping event ${job.eventId}`);
      return;
    }
    // Before any Zendesk read: a run of another delivery that started reading after this one came saw it all.
    const start = await this.records.beginTicketRun(job);
    if (start.coveredBy) {
      const { outcome, reason } = await this.records.recordCoalesced(job, start.coveredBy, { coalescedAt: 'start' });
      this.metrics.decisionRecorded(outcome, reason);
      this.logger.log(`Decision: ${outcome} (${reason} into event ${start.coveredBy})`);
      return;
    }
    const stopTimer = this.metrics.startPipelineTimer();
    try {
      const { outcome, reason } = await this.run(found, job, isFinalAttempt, WEBHOOK_RUN, start.readFrom).finally(stopTimer);
      this.metrics.decisionRecorded(outcome, reason);
      this.logger.log(`Decision: ${outcome} (${reason})`);
    } catch (error) {
      const retryAt = deferUntil(job, error);
      if (!retryAt) throw error;
      // Zendesk asked every caller of the account to wait: queued again for then, not counted as a failed try.
      await this.records.deferJob(job, retryAt);
      this.logger.warn(`Deferred until ${retryAt.toISOString()}: ${(error as Error).message}`);
    }
  }

  // An operator's second look at one ticket, now, through the same decision table. Not a webhook: the run gets
  // an event id of its own, so its note is new even if one was posted for this comment within the window.
  async replay(organizationId: string, ticketId: string, options: { dryRun: boolean }): Promise<RunOutcome> {
    const found = await this.organizations.getForRun(organizationId);
    const job: AssistJob = { eventId: randomUUID(), organizationId, ticketId };
    return this.run(found, job, true, { replay: true, dryRun: options.dryRun });
  }

  private async run(
    { organization, zendeskAccount }: OrganizationForRun,
    job: AssistJob,
    isFinalAttempt: boolean,
    mode: RunMode,
    readFrom?: Date,
  ): Promise<RunOutcome> {
    let run: TicketRun | null = null;
    try {
      const account = zendeskAccount();
      const ticket = await this.zendesk.fetchTicket(account, job.ticketId);
      // The claim rides in the read's statement when the policy would ask for it next (unless the read finds the
      // ticket handed off, which the statement checks first): one statement and one commit fewer a ticket.
      const claim = mode.dryRun ? null : claimAskedFor(organization, ticket, mode);
      const recorded = await this.records.recordTicketRead({ eventId: job.eventId, readFrom: readFrom ?? null, organizationId: organization.id, ticketId: ticket.id, claim });
      // Whatever the decision: the rep's reply usually makes it `awaiting_customer`. Before the decision is
      // recorded, so a recorded decision means its ticket was judged; it never throws.
      if (!mode.dryRun) await this.replyFeedback.judgeReplies(organization.id, ticket, recorded.suggestions);
      const recordedHandoff = recorded.handoff;
      const latest = latestPublicComment(ticket);
      run = {
        job,
        mode,
        organization,
        account,
        ticket,
        commentId: latest?.id ?? null,
        question: ticketQuestion(ticket),
        evidence: { ticket, settings: organization.settings, recordedHandoff, ...(recorded.claimed !== null && { claimed: recorded.claimed }) },
        suggestions: recorded.suggestions,
        facts: {
          status: ticket.status,
          latestPublicCommentId: latest?.id ?? null,
          latestPublicCommentBy: latest?.authorRole ?? null,
          ...(mode.replay && { replay: true }),
        },
      };
      return await this.decide(run);
    } catch (error) {
      if (mode.dryRun || (!isFinalAttempt && isTransient(error)) || (mode === WEBHOOK_RUN && deferUntil(job, error))) throw error;
      return this.recordFailure(job, run, mode, error);
    }
  }

  private async decide(run: TicketRun): Promise<RunOutcome> {
    for (;;) {
      const step: AssistStep = nextAssistStep(run.evidence);
      if (step.kind === 'gather') {
        await this.gather(run, step.evidence);
        continue;
      }
      if (step.kind === 'skip') {
        if (step.tags.length > 0 && !run.mode.dryRun) await this.zendesk.addTags(run.account, run.ticket.id, step.tags, run.ticket.updatedAt);
        return this.record(run, { outcome: 'skipped', reason: step.reason, tagsApplied: step.tags, suggestionId: null }, null);
      }
      if (run.mode.dryRun) {
        // A made-up suggestion id: the training link in a dry-run note leads nowhere.
        const { noteHtml } = this.renderNote(run, randomUUID());
        return this.record(run, { outcome: 'suggested', reason: 'suggested', tagsApplied: [], suggestionId: null }, noteHtml);
      }
      const suggestion = await this.postSuggestion(run);
      return this.record(run, { outcome: 'suggested', reason: 'suggested', tagsApplied: [], suggestionId: suggestion.id }, suggestion.noteHtml);
    }
  }

  private async gather(run: TicketRun, evidence: 'claim' | 'topics' | 'draft'): Promise<void> {
    const { organization, ticket } = run;
    switch (evidence) {
      case 'claim':
        // A dry run claims nothing, so the next webhook finds the comment as it was. Otherwise taken here only when
        // the ticket read did not take it.
        run.evidence.claimed =
          run.mode.dryRun ||
          (await this.claims.claim({
            organizationId: organization.id,
            ticketId: ticket.id,
            commentId: run.commentId!,
            eventId: run.job.eventId,
            windowHours: claimWindowHours(organization, run.mode),
          }));
        return;
      case 'topics': {
        const text = [ticket.subject, ...run.question.customerComments].join('\n\n');
        run.classified = { text, tags: ticket.tags };
        const matches = await this.topics.classify(organization.id, run.classified, organization.settings.noAssistMatching);
        run.facts.topics = matches.map(({ name, noAssist, because }) => ({ name, noAssist, because }));
        run.evidence.noAssistTopicMatched = matches.some((match) => match.noAssist);
        return;
      }
      case 'draft': {
        const draft = await this.groundedDrafts.write({
          organizationId: organization.id,
          ...run.question,
          signOff: organization.settings.signOff,
          organizationHosts: [new URL(organization.zendeskBaseUrl).host],
          ...(organization.settings.solvedTicketsEnabled && { solvedTickets: { ticketId: ticket.id, zendeskBaseUrl: organization.zendeskBaseUrl } }),
        });
        run.draft = { ...draft, question: truncateText(draft.question, STORED_QUESTION_LENGTH) };
        run.evidence.draftSourced = run.draft.draft.sourced;
        // Links the output checks took out of the model's reply: the note shows a marker, this says what it hid.
        if (run.draft.draft.removedLinks) run.facts.removedLinks = run.draft.draft.removedLinks;
        // The evidence behind "is this answer sourced?", for whoever asks why Assist spoke or stayed quiet: each
        // article once, with its best section (the draft may read two of its sections).
        run.facts.retrieval = bestPassageOfEachArticle(run.draft.passages).map((p) => ({
          articleId: p.articleId,
          externalId: p.externalId,
          title: p.title,
          section: p.section,
          score: round(p.score),
          bm25: round(p.lexicalScore),
          similarity: round(p.similarity),
          coverage: round(p.coverage),
          titleCoverage: round(p.titleCoverage),
          ...(p.origin && { origin: p.origin }),
        }));
        run.facts.draftSourced = run.draft.draft.sourced;
        // The score behind it: P(answerable) against the threshold, the signals it read, a model's own claim.
        if (run.draft.draft.sourcing) run.facts.sourcing = run.draft.draft.sourcing;
        // What Assist read as the question: the insights' knowledge gaps cluster the unsourced ones.
        run.facts.question = run.draft.question;
        // The macro named at the top of the note, and the score that chose it (the note never applies it).
        if (run.draft.suggestedMacro) run.facts.suggestedMacro = run.draft.suggestedMacro;
        return;
      }
    }
  }

  // Idempotent across retries: a note already on the ticket (found by its suggestion id) is not posted again.
  // The suggestion is saved with the decision, as posted, in one statement: its id is made from the event's and
  // the comment's, so a retry after a note posted but not recorded finds the note by it. A suggestion an earlier
  // attempt saved is the one posted (its note as it was saved).
  private async postSuggestion(run: TicketRun): Promise<Pick<Suggestion, 'id' | 'noteHtml'>> {
    const { job, ticket, commentId } = run;
    const saved = run.suggestions.find((s) => s.eventId === job.eventId && s.commentId === commentId);
    if (saved?.postedAt) return saved;
    const id = saved?.id ?? suggestionIdOf(job.eventId, commentId!);
    const { draft, question } = run.draft!;
    const { sources, noteHtml } = saved ?? this.renderNote(run, id);
    const onTicket = ticket.comments.find((c) => !c.public && (c.htmlBody.includes(id) || c.body.includes(id)));
    const { commentId: zendeskCommentId } = onTicket ? { commentId: onTicket.id } : await this.zendesk.postInternalNote(run.account, ticket.id, noteHtml, ticket.updatedAt);
    const suggestion = saved
      ? undefined
      : { id, organizationId: run.organization.id, ticketId: ticket.id, commentId: commentId!, eventId: job.eventId, question, reply: draft.reply, noteHtml, sources, sourced: draft.sourced };
    run.postedNote = { suggestionId: id, zendeskCommentId, suggestion };
    return { id, noteHtml };
  }

  private renderNote(run: TicketRun, suggestionId: string): { sources: Suggestion['sources']; noteHtml: string } {
    const { draft, passages } = run.draft!;
    const sources = [...new Set(draft.citedArticleIds)]
      .map((articleId) => passages.find((p) => p.articleId === articleId))
      .filter((p): p is Passage => p !== undefined)
      .map((p) => ({ articleId: p.articleId, title: p.title, url: p.url, internal: p.visibility !== 'public', section: p.section, passage: p.content, ...(p.origin && p.origin !== 'article' && { origin: p.origin }) }));
    const noteHtml = renderInternalNote({
      reply: draft.reply,
      sources,
      trainingUrl: this.trainingLinks.linkFor(suggestionId),
      language: run.organization.settings.noteLanguage,
      suggestedMacro: run.draft!.suggestedMacro?.title ?? null,
    });
    return { sources, noteHtml };
  }

  private async record(
    run: TicketRun,
    decision: Pick<DecisionRecord, 'outcome' | 'reason' | 'tagsApplied' | 'suggestionId'>,
    noteHtml: string | null,
  ): Promise<RunOutcome> {
    if (!run.mode.dryRun) {
      const { organization, ticket, commentId, job, facts, classified } = run;
      const record = { organizationId: organization.id, ticketId: ticket.id, commentId, eventId: job.eventId, evidence: facts, classified, ...decision };
      await this.records.recordDecision(record, run.postedNote);
    }
    return { ...decision, commentId: run.commentId, evidence: run.facts, noteHtml };
  }

  // Final: release the comment so a later webhook may try again, and say why in the decision log.
  private async recordFailure(job: AssistJob, run: TicketRun | null, mode: RunMode, error: unknown): Promise<RunOutcome> {
    const reason = error instanceof ExternalServiceError ? error.code : 'internal_error';
    const message = safeText(String((error as Error)?.message ?? error), STORED_ERROR_LENGTH);
    this.logger.error(`Ticket ${job.ticketId} of ${job.organizationId} failed: ${message}`);
    if (run?.evidence.claimed && run.commentId) {
      await this.claims.release({ organizationId: job.organizationId, ticketId: job.ticketId, commentId: run.commentId, eventId: job.eventId });
    }
    const decision = await this.records.recordDecision(
      {
        organizationId: job.organizationId,
        ticketId: job.ticketId,
        commentId: run?.commentId ?? null,
        eventId: job.eventId,
        outcome: 'failed',
        reason,
        tagsApplied: [],
        suggestionId: null,
        evidence: { ...(run?.facts ?? {}), ...(mode.replay && { replay: true }), error: message },
        classified: run?.classified,
      },
      run?.postedNote,
    );
    return { ...decision, noteHtml: null };
  }
}

// The claim the policy asks for next on this ticket, were it not handed off (the read's statement checks that).
function claimAskedFor(organization: Organization, ticket: TicketSnapshot, mode: RunMode): TicketRead['claim'] {
  const step = nextAssistStep({ ticket, settings: organization.settings, recordedHandoff: false });
  if (step.kind !== 'gather' || step.evidence !== 'claim') return null;
  return { commentId: latestPublicComment(ticket)!.id, windowHours: claimWindowHours(organization, mode) };
}

// A replay takes the comment over (a window of zero hours): redeliveries after it are duplicates of the replay.
function claimWindowHours(organization: Organization, mode: RunMode): number {
  return mode.replay ? 0 : organization.settings.dedupeWindowHours;
}

// A job is put off for as long as Zendesk says, but not forever: after this, its retries run as usual.
const DEFERRAL_LIMIT_MS = 6 * 60 * 60 * 1000;

// When to run the job again, if the failure was Zendesk telling every caller to wait (a Retry-After pause, an
// open breaker) and the job has not been put off for too long already.
function deferUntil(job: AssistJob, error: unknown): Date | null {
  if (!(error instanceof ZendeskError) || !error.retryAt) return null;
  const since = job.deferredSince ? Date.parse(job.deferredSince) : Date.now();
  return Date.now() - since < DEFERRAL_LIMIT_MS ? error.retryAt : null;
}

// Zendesk and the LLM say which of their failures are worth retrying; anything else (database) is retried too.
function isTransient(error: unknown): boolean {
  return error instanceof ExternalServiceError ? error.transient : true;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

// A UUID (version 5's layout, SHA-1) named by the event and the comment: every attempt of an event makes the same.
function suggestionIdOf(eventId: string, commentId: string): string {
  const hash = createHash('sha1').update(`suggestion:${eventId}:${commentId}`).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
