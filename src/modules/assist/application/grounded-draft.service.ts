import { Injectable } from '@nestjs/common';
import { KnowledgeBaseService } from '../../knowledge-base/application/knowledge-base.service';
import { SolvedTicketPassage, SolvedTicketsService } from '../../knowledge-base/application/solved-tickets.service';
import { solvedTicketLeads } from '../../knowledge-base/domain/solved-ticket';
import { TrainingAnswersService } from '../../knowledge-base/application/training-answers.service';
import { buildRetrievalQuery, cleanCustomerMessage } from '../../knowledge-base/domain/retrieval-query';
import { DraftWriter } from '../../llm/application/ports/draft-writer';
import { Draft, Passage } from '../../llm/domain/draft';
import { MacroSuggestion, suggestMacro } from '../../llm/domain/macro-suggestion';

// Articles ranked (the decision log and the evaluation show them); the best few ground the draft.
const RANKED_ARTICLES = 10;
const ARTICLES_FOR_DRAFT = 3;

export interface GroundedDraftRequest {
  organizationId: string;
  subject: string;
  // The customer's unanswered public comments, latest first.
  customerComments: string[];
  // The customer's earlier comments an agent answered, latest first: context for retrieval only.
  answeredCustomerComments: string[];
  customerName: string | null;
  // The customer's Zendesk locale, when known: the search keeps to articles in its language, if there are any.
  customerLocale: string | null;
  signOff: string;
  // Where the organization's own pages live (its Zendesk): the draft's links may point there.
  organizationHosts: string[];
  // Present when the organization has solved tickets on: the ticket asked (never answered from its own solved
  // pair) and its Zendesk, where the agent link of a past answer points.
  solvedTickets?: { ticketId: string | null; zendeskBaseUrl: string };
}

export interface GroundedDraft {
  // The customer's words as Assist read them: signatures, quotes and greetings stripped.
  question: string;
  // Knowledge-base articles, best first (training answers are not articles: they lead `passages` only).
  rankedArticles: Pick<Passage, 'articleId' | 'externalId'>[];
  passages: Passage[];
  draft: Draft;
  // The account's macro that fits the ticket well, if one does: the note names it at the top (docs/macros.md).
  suggestedMacro: MacroSuggestion | null;
}

// Retrieval and the "is this answer sourced?" judgement, shared by the pipeline and `npm run eval`.
@Injectable()
export class GroundedDraftService {
  constructor(
    private readonly knowledgeBase: KnowledgeBaseService,
    private readonly trainingAnswers: TrainingAnswersService,
    private readonly solvedTickets: SolvedTicketsService,
    private readonly drafts: DraftWriter,
  ) {}

  async write(request: GroundedDraftRequest): Promise<GroundedDraft> {
    const question = request.customerComments.map(cleanCustomerMessage).filter(Boolean).join('\n\n');
    const query = buildRetrievalQuery(request.subject, request.customerComments, request.answeredCustomerComments);
    const { solvedTickets } = request;
    const [candidates, trainingAnswer, solvedTicket] = await Promise.all([
      this.knowledgeBase.findPassages(request.organizationId, query, RANKED_ARTICLES, request.customerLocale),
      this.trainingAnswers.findPassage(request.organizationId, query.text),
      solvedTickets ? this.solvedTickets.findPassage(request.organizationId, solvedTickets.zendeskBaseUrl, query.text, solvedTickets.ticketId) : null,
    ]);
    const rankedArticles = [...new Map(candidates.map((p) => [p.articleId, { articleId: p.articleId, externalId: p.externalId }])).values()];
    const draftArticles = new Set(rankedArticles.slice(0, ARTICLES_FOR_DRAFT).map((article) => article.articleId));
    const articlePassages = candidates.filter((p) => draftArticles.has(p.articleId));
    // The team's own answer to a similar question comes first: the draft is grounded on it and cites it.
    const passages = [...(trainingAnswer ? [trainingAnswer] : []), ...withSolvedTicket(articlePassages, solvedTicket)];
    const draft = await this.drafts.write({
      subject: request.subject,
      question,
      focus: query.focus,
      customerName: request.customerName,
      passages,
      signOff: request.signOff,
      organizationHosts: request.organizationHosts,
    });
    const suggestedMacro = suggestMacro({ subject: request.subject, question }, candidates);
    return { question, rankedArticles, passages, draft, suggestedMacro };
  }
}

// A past answer leads the articles only when clearly closer (solvedTicketLeads); otherwise it follows them, for a
// model writer to read, and then does not count towards "is this answer sourced?" (coverage 0): the articles the
// draft is grounded on decide that.
function withSolvedTicket(articles: Passage[], solved: SolvedTicketPassage | null): Passage[] {
  if (!solved) return articles;
  const bestCoverage = Math.max(0, ...articles.map((p) => p.coverage));
  if (solvedTicketLeads(solved.margin, bestCoverage)) return [solved.passage, ...articles];
  return [...articles, { ...solved.passage, coverage: 0, titleCoverage: 0 }];
}
