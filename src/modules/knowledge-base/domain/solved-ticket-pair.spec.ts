import { TicketComment, TicketSnapshot } from '../../zendesk/domain/ticket';
import { isSubstantiveAnswer, MAX_PAIR_ANSWER_CHARS, MAX_PAIR_QUESTION_CHARS, pastAnswerOf, withoutSalutation } from './solved-ticket-pair';

const REQUESTER = { id: '9001', name: 'Maria Gonzalez' };
const AGENT = { id: '501', name: 'Priya Raman' };

let minute = 0;
function said(author: { id: string; name: string }, body: string, options: { role?: TicketComment['authorRole']; public?: boolean } = {}): TicketComment {
  minute += 1;
  return {
    id: `c${minute}`,
    authorId: author.id,
    authorRole: options.role ?? (author === REQUESTER ? 'end-user' : 'agent'),
    authorName: author.name,
    public: options.public ?? true,
    body,
    htmlBody: `<p>${body}</p>`,
    createdAt: new Date(Date.UTC(2026, 5, 1, 9, minute)).toISOString(),
  };
}

function solvedTicket(comments: TicketComment[], overrides: Partial<TicketSnapshot> = {}): TicketSnapshot {
  return {
    id: '48213',
    subject: 'CSV export stops at 5000 rows',
    status: 'solved',
    tags: [],
    updatedAt: '2026-06-01T10:00:00Z',
    requesterId: REQUESTER.id,
    requesterLocale: 'en-US',
    comments,
    ...overrides,
  };
}

const SUBSTANTIVE_ANSWER =
  'Hi Maria,\n\nThe CSV export stops at 5000 rows on the Starter plan. Open Reports > Export, choose "All rows (background job)" and ' +
  'we email a download link when the file is ready, usually within ten minutes.\n\nBest regards,\nPriya Raman';

describe('pastAnswerOf', () => {
  it('pairs the subject and the customer question with the agent reply that solved the ticket', () => {
    const reply = said(AGENT, SUBSTANTIVE_ANSWER);
    const pair = pastAnswerOf(
      solvedTicket([
        said(REQUESTER, 'Hello,\n\nMy CSV export of the contacts list always stops at 5000 rows. How do I get all 12,000?\n\nThanks,\nMaria'),
        said(AGENT, 'Internal: Starter plan limit, see KB 360012345678.', { public: false }),
        reply,
        said(REQUESTER, 'Thanks, that worked!'),
      ]),
    );
    expect(pair).toEqual({
      ticketId: '48213',
      question: 'CSV export stops at 5000 rows\n\nMy CSV export of the contacts list always stops at 5000 rows. How do I get all 12,000?',
      answer:
        'The CSV export stops at 5000 rows on the Starter plan. Open Reports > Export, choose "All rows (background job)" and we email ' +
        'a download link when the file is ready, usually within ten minutes.',
      answeredAt: reply.createdAt,
    });
  });

  it('takes the last of several agent replies, with every customer comment before it, oldest first', () => {
    const last = said(AGENT, SUBSTANTIVE_ANSWER);
    const pair = pastAnswerOf(
      solvedTicket([
        said(REQUESTER, 'The export stops at 5000 rows.'),
        said(AGENT, 'Could you tell me which plan your workspace is on and whether you export from Reports or from Contacts?'),
        said(REQUESTER, 'Starter plan, from Reports.'),
        last,
      ]),
    );
    expect(pair?.answer).toContain('All rows (background job)');
    expect(pair?.answeredAt).toBe(last.createdAt);
    expect(pair?.question).toBe('CSV export stops at 5000 rows\n\nThe export stops at 5000 rows.\n\nStarter plan, from Reports.');
  });

  it('removes the names and contact details of the requester and the agent from both sides', () => {
    const pair = pastAnswerOf(
      solvedTicket(
        [
          said(REQUESTER, 'I am Maria Gonzalez (maria.gonzalez@example.com, +1 415-555-0132). Maria’s export stops at 5000 rows.'),
          said(
            AGENT,
            'Maria, the CSV export stops at 5000 rows on the Starter plan; choose "All rows (background job)" in Reports > Export and ' +
              'we email the link to maria.gonzalez@example.com. Priya Raman, priya@support.acme.com',
          ),
        ],
        { subject: 'Export for Gonzalez account' },
      ),
      ['Tom Becker'],
    );
    const both = `${pair?.question}\n${pair?.answer}`;
    expect(both).not.toMatch(/Maria|Gonzalez|Priya|Raman|example\.com|acme\.com|555/);
    expect(pair?.question).toBe('Export for [name] account\n\nI am [name] ([email], [phone]). [name]’s export stops at 5000 rows.');
    expect(pair?.answer).toContain('[name], the CSV export stops at 5000 rows');
  });

  it('removes the extra names the caller passes', () => {
    const pair = pastAnswerOf(
      solvedTicket([said(REQUESTER, 'Tom Becker from finance cannot export past 5000 rows.'), said(AGENT, SUBSTANTIVE_ANSWER)]),
      ['Tom Becker'],
    );
    expect(pair?.question).toContain('[name] from finance cannot export');
  });

  it.each([
    ['a thanks-and-closing reply', 'Thanks, closing this ticket!'],
    ['a glad-I-could-help reply', "Hi Maria,\n\nGlad I could help! I'll go ahead and close this ticket. Let us know if you have any other questions.\n\nPriya"],
    ['a reply too short to reuse', 'Fixed on our side, please retry the export.'],
    [
      'a macro-only automatic acknowledgement',
      'This is an automated response: we have received your request and a member of our team will get back to you within 24 hours.',
    ],
    [
      'a solved notification posted as a comment',
      '##- Please type your reply above this line -##\nYour request #48213 has been solved. To reopen it, reply to this email within 7 days.',
    ],
  ])('skips %s', (_kind, body) => {
    expect(pastAnswerOf(solvedTicket([said(REQUESTER, 'My CSV export stops at 5000 rows, how do I get all rows?'), said(AGENT, body)]))).toBeNull();
  });

  it('skips a ticket only agents wrote on', () => {
    const colleague = { id: '502', name: 'Tom Becker' };
    const pair = pastAnswerOf(
      solvedTicket([said(colleague, 'Customer called: CSV export stops at 5000 rows for them.'), said(AGENT, SUBSTANTIVE_ANSWER)], {
        requesterId: colleague.id,
      }),
    );
    expect(pair).toBeNull();
  });

  it('skips a ticket no agent replied to in public', () => {
    const pair = pastAnswerOf(solvedTicket([said(REQUESTER, 'My CSV export stops at 5000 rows.'), said(AGENT, SUBSTANTIVE_ANSWER, { public: false })]));
    expect(pair).toBeNull();
  });

  it.each(['new', 'open', 'pending', 'hold'] as const)('skips a %s ticket', (status) => {
    expect(pastAnswerOf(solvedTicket([said(REQUESTER, 'My CSV export stops at 5000 rows.'), said(AGENT, SUBSTANTIVE_ANSWER)], { status }))).toBeNull();
  });

  it('cuts a pasted log to a question the sync can embed and index, after removing the personal data in all of it', () => {
    const log = `Contact maria.gonzalez@example.com. ${'ERROR sync worker timed out after 30000 ms\n'.repeat(20_000)}`;
    const pair = pastAnswerOf(solvedTicket([said(REQUESTER, log), said(AGENT, SUBSTANTIVE_ANSWER + ' x'.repeat(30_000))]))!;
    expect(pair.question.length).toBeLessThanOrEqual(MAX_PAIR_QUESTION_CHARS);
    expect(pair.answer.length).toBeLessThanOrEqual(MAX_PAIR_ANSWER_CHARS);
    expect(pair.question).toContain('Contact [email].');
    expect(pair.question).not.toContain('maria.gonzalez');
  });

  it('keeps a closed ticket', () => {
    const pair = pastAnswerOf(solvedTicket([said(REQUESTER, 'My CSV export stops at 5000 rows.'), said(AGENT, SUBSTANTIVE_ANSWER)], { status: 'closed' }));
    expect(pair).not.toBeNull();
  });
});

describe('isSubstantiveAnswer', () => {
  it('counts what remains once thanks and closing words are set aside', () => {
    const answer =
      'Thanks for your patience! Open Settings > Security, choose "Reset two-factor", scan the new QR code with your authenticator app ' +
      'and enter the six-digit code. Hope this helps. I am closing this ticket now. Let us know if you have any other questions!';
    expect(isSubstantiveAnswer(answer)).toBe(true);
  });

  it('keeps an answer that starts with thanks and goes on to answer', () => {
    expect(isSubstantiveAnswer('Thanks, to fix this open Settings > Export, pick CSV, tick "include archived contacts" and run the export again tonight.')).toBe(true);
  });

  it('skips German and French closings', () => {
    expect(isSubstantiveAnswer('Vielen Dank für Ihre Geduld! Zögern Sie nicht, uns bei weiteren Fragen zu kontaktieren.')).toBe(false);
    expect(isSubstantiveAnswer("Merci pour votre retour. N'hésitez pas à nous recontacter si besoin, bonne journée à toute l'équipe comptable.")).toBe(false);
  });
});

describe('withoutSalutation', () => {
  it.each([
    ['Hi [name], take the tank out and press the gasket back. Best, [name]', 'Take the tank out and press the gasket back.'],
    ['Hello [name]!\n\nReset the router first.\n\nKind regards,\n[name]', 'Reset the router first.'],
    ['Dear [name]: the refund is on its way.\n— [name]', 'The refund is on its way.'],
    ['Bonjour [name], redémarrez l’application. Cordialement, [name]', 'Redémarrez l’application.'],
  ])('drops the greeting and sign-off that named a person: %p', (reply, expected) => {
    expect(withoutSalutation(reply)).toBe(expected);
  });

  it('keeps a name placeholder inside the answer, and a reply without salutation as it is', () => {
    expect(withoutSalutation('Ask [name] in billing to reissue the invoice.')).toBe('Ask [name] in billing to reissue the invoice.');
    expect(withoutSalutation('Hi team, reset the router first.')).toBe('Hi team, reset the router first.');
  });
});
