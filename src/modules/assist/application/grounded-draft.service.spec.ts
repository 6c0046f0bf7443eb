import { buildPassage } from '../../../../test/support/passage-builder';
import { KnowledgeBaseService } from '../../knowledge-base/application/knowledge-base.service';
import { SolvedTicketPassage, SolvedTicketsService } from '../../knowledge-base/application/solved-tickets.service';
import { TrainingAnswersService } from '../../knowledge-base/application/training-answers.service';
import { DraftWriter } from '../../llm/application/ports/draft-writer';
import { Draft, DraftRequest, Passage } from '../../llm/domain/draft';
import { GroundedDraftRequest, GroundedDraftService } from './grounded-draft.service';

// The order of what grounds a draft: a rep's training answer, a solved ticket when clearly closer, the articles.
describe('GroundedDraftService: training answer, solved ticket and articles in order', () => {
  const article = (id: string, coverage: number) => buildPassage(id, `Article ${id}`, 'Some text.', { coverage });
  const training = buildPassage('t1', 'Answer from your team', 'Ours.', { origin: 'training_answer', coverage: 1 });
  const solved = buildPassage('s1', 'Similar solved ticket #42', 'Theirs.', { origin: 'solved_ticket', url: 'https://acme.zendesk.com/agent/tickets/42', coverage: 1 });
  const request: GroundedDraftRequest = {
    organizationId: 'org',
    subject: 'Leaking machine',
    customerComments: ['Water under the drip tray'],
    answeredCustomerComments: [],
    customerName: null,
    customerLocale: null,
    signOff: 'Cheers',
    organizationHosts: ['acme.zendesk.com'],
    solvedTickets: { ticketId: '7', zendeskBaseUrl: 'https://acme.zendesk.com' },
  };

  const grounded = ({ articles, trainingAnswer = null, solvedTicket = null }: { articles: Passage[]; trainingAnswer?: Passage | null; solvedTicket?: SolvedTicketPassage | null }) => {
    const asked: unknown[][] = [];
    const knowledgeBase = { findPassages: async () => articles } as unknown as KnowledgeBaseService;
    const trainingAnswers = { findPassage: async () => trainingAnswer } as unknown as TrainingAnswersService;
    const solvedTickets = { findPassage: async (...args: unknown[]) => (asked.push(args), solvedTicket) } as unknown as SolvedTicketsService;
    const drafts = new (class extends DraftWriter {
      async write(_: DraftRequest): Promise<Draft> {
        return { reply: 'Hi', citedArticleIds: [], sourced: false };
      }
    })();
    return { sut: new GroundedDraftService(knowledgeBase, trainingAnswers, solvedTickets, drafts), asked };
  };

  it('puts a clearly closer solved ticket after the training answer and before the articles, asking for it without the ticket itself', async () => {
    const { sut, asked } = grounded({ articles: [article('a1', 0.6)], trainingAnswer: training, solvedTicket: { passage: solved, margin: 1.2 } });
    const { passages } = await sut.write(request);
    expect(passages.map((p) => p.articleId)).toEqual(['t1', 's1', 'a1']);
    expect(asked).toEqual([['org', 'https://acme.zendesk.com', expect.stringContaining('drip tray'), '7']]);
  });

  it('puts a solved ticket no closer than the articles after them, where it does not source the draft', async () => {
    const { sut } = grounded({ articles: [article('a1', 1), article('a2', 0.4)], solvedTicket: { passage: solved, margin: 1.2 } });
    const { passages } = await sut.write(request);
    expect(passages.map((p) => [p.articleId, p.coverage])).toEqual([['a1', 1], ['a2', 0.4], ['s1', 0]]);
  });

  it('does not look solved tickets up for an organization that has them off', async () => {
    const { sut, asked } = grounded({ articles: [article('a1', 0.6)], solvedTicket: { passage: solved, margin: 3 } });
    const { solvedTickets: _, ...withoutSolved } = request;
    const { passages } = await sut.write(withoutSolved);
    expect(passages.map((p) => p.articleId)).toEqual(['a1']);
    expect(asked).toEqual([]);
  });
});
