import { TicketComment, TicketSnapshot } from '../../zendesk/domain/ticket';
import { classifySimilarity, judgeSuggestion, replySimilarity, replyWords } from './reply-acceptance';

const DRAFT =
  'Hi Dana,\n\nOpen the sign-in page and click Forgot password. Enter the email address of your account and we send you a reset link. ' +
  'The link is valid for 24 hours.\n\nBest regards';

describe('replyWords', () => {
  it('drops HTML, the greeting, the sign-off and the signature under it, and lower-cases', () => {
    expect(replyWords('<p>Hello Dana!</p><p>Click <strong>Forgot&nbsp;password</strong>.</p><p>Kind regards,</p><p>Sam</p>')).toEqual([
      'click',
      'forgot',
      'password',
    ]);
  });

  it('keeps a "thanks" that opens the answer: only the last lines can be a sign-off', () => {
    expect(replyWords('Thanks for waiting.\nYour parcel left today.\nWe will email the tracking number.\nCheers')).toEqual(
      'thanks for waiting your parcel left today we will email the tracking number'.split(' '),
    );
  });
});

describe('replySimilarity and its classification', () => {
  it.each([
    ['the draft pasted under the rep’s own greeting and signature', 'as_is', '<p>Hey there,</p><p>' + DRAFT.split('\n\n')[1] + '</p><p>Thanks,<br>Sam</p>'],
    [
      'a sentence added and a few words changed',
      'lightly_edited',
      'Please open the sign-in page and click Forgot password. Enter the email of your account and we send you a reset link. ' +
        'It is valid for 24 hours. If it does not arrive, check your spam folder.',
    ],
    ['a short rewrite keeping a little of the draft', 'heavily_edited', 'Use Forgot password on the sign-in page, the link is valid for a day.'],
    ['an unrelated reply', 'ignored', 'Your order shipped yesterday; tracking follows by email from our warehouse team.'],
  ])('%s → %s', (_case, expected, reply) => {
    expect(classifySimilarity(replySimilarity(DRAFT, reply))).toBe(expected);
  });

  it('is 1 for the same words in another order and 0 against an empty reply', () => {
    expect(replySimilarity('a b c', 'c b a')).toBe(1);
    expect(replySimilarity(DRAFT, '<p></p>')).toBe(0);
  });

  it('has documented thresholds, inclusive: 0.9, 0.6, 0.2', () => {
    expect([0.9, 0.899, 0.6, 0.599, 0.2, 0.199].map(classifySimilarity)).toEqual([
      'as_is',
      'lightly_edited',
      'lightly_edited',
      'heavily_edited',
      'heavily_edited',
      'ignored',
    ]);
  });
});

describe('judgeSuggestion', () => {
  const comment = (id: string, authorRole: TicketComment['authorRole'], isPublic: boolean, body: string, createdAt: string): TicketComment => ({
    id,
    authorId: authorRole,
    authorRole,
    authorName: null,
    public: isPublic,
    body,
    htmlBody: body,
    createdAt,
  });
  const ticket = (comments: TicketComment[], status: TicketSnapshot['status'] = 'open'): TicketSnapshot => ({
    id: '1',
    subject: 'Login',
    status,
    tags: [],
    updatedAt: '',
    requesterId: 'end-user',
    requesterLocale: null,
    comments,
  });
  const question = comment('c1', 'end-user', true, 'How do I reset my password?', '2026-01-01T10:00:00Z');
  const note = comment('n1', 'agent', false, `draft … /training/s1?token=x`, '2026-01-01T10:01:00Z');
  const suggestion = { id: 's1', reply: DRAFT, postedAt: new Date('2026-01-01T10:01:00Z'), zendeskCommentId: 'n1' };

  it('judges on the first public agent reply after the note, not on private notes or later replies', () => {
    const judged = judgeSuggestion(
      ticket([
        question,
        note,
        comment('p1', 'admin', false, 'internal chatter', '2026-01-01T10:02:00Z'),
        comment('r1', 'admin', true, DRAFT, '2026-01-01T10:03:00Z'),
        comment('r2', 'agent', true, 'Anything else?', '2026-01-01T10:04:00Z'),
      ]),
      suggestion,
    );
    expect(judged).toEqual({ acceptance: 'as_is', similarity: 1, agentCommentId: 'r1' });
  });

  it('ignores an agent reply before the note (it answered something else)', () => {
    const earlier = comment('r0', 'agent', true, DRAFT, '2026-01-01T09:00:00Z');
    expect(judgeSuggestion(ticket([earlier, question, note]), suggestion)).toBeNull();
  });

  it('waits while only the customer wrote after the note', () => {
    expect(judgeSuggestion(ticket([question, note, comment('c2', 'end-user', true, 'Any news?', '2026-01-01T11:00:00Z')]), suggestion)).toBeNull();
  });

  it('finds the note by the suggestion id in its link when Zendesk did not name its comment id', () => {
    const judged = judgeSuggestion(ticket([question, note, comment('r1', 'agent', true, 'Unrelated words entirely', '2026-01-01T10:03:00Z')]), {
      ...suggestion,
      zendeskCommentId: null,
    });
    expect(judged).toMatchObject({ acceptance: 'ignored', agentCommentId: 'r1' });
  });

  it('falls back to the posting time when the note is gone', () => {
    const judged = judgeSuggestion(
      ticket([comment('r0', 'agent', true, 'Unrelated words', '2026-01-01T09:00:00Z'), question, comment('r1', 'agent', true, DRAFT, '2026-01-01T10:05:00Z')]),
      suggestion,
    );
    expect(judged).toMatchObject({ acceptance: 'as_is', agentCommentId: 'r1' });
  });

  it('calls a suggestion ignored when the ticket was solved without a public agent reply after it', () => {
    expect(judgeSuggestion(ticket([question, note], 'solved'), suggestion)).toEqual({ acceptance: 'ignored', similarity: 0, agentCommentId: null });
  });
});
