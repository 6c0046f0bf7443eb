import { buildPassage } from '../../../../test/support/passage-builder';
import { writeExtractiveDraft } from './extractive-draft';

const passage = (articleId: string, title: string, body: string, similarity: number) => buildPassage(articleId, title, body, { similarity });

const reset = passage(
  'a1',
  'How to reset your password',
  'Reset your password\n\nOpen the sign-in page and click Forgot password. Enter the email address of your account and we send you a reset link. The link is valid for 24 hours.\n\nIf the email does not arrive, check your spam folder.',
  0.45,
);
const shipping = passage('a2', 'Shipping times', 'Orders ship within 2 business days. Standard delivery takes 3 to 5 business days.', 0.1);

describe('writeExtractiveDraft', () => {
  const request = { subject: 'Cannot log in', question: 'I forgot my password. How do I reset it?', customerName: 'Maria Lopez', signOff: 'Best regards' };

  it('answers from the best article, greets the customer and signs off', () => {
    const draft = writeExtractiveDraft({ ...request, passages: [reset, shipping] });
    expect(draft.reply.startsWith('Hi Maria,\n\n')).toBe(true);
    expect(draft.reply).toContain('click Forgot password.');
    expect(draft.reply).toContain('we send you a reset link.');
    expect(draft.reply).not.toContain('Orders ship');
    expect(draft.reply).not.toContain('Reset your password');
    expect(draft.reply.endsWith('\n\nBest regards')).toBe(true);
    expect(draft).toMatchObject({ citedArticleIds: ['a1'], sourced: true });
  });

  it('is not sourced when the best article holds little of the question term weight', () => {
    const draft = writeExtractiveDraft({ ...request, passages: [{ ...reset, coverage: 0.3 }] });
    expect(draft.sourced).toBe(false);
  });

  it('is not sourced when the best article title names none of the question', () => {
    expect(writeExtractiveDraft({ ...request, passages: [{ ...reset, titleCoverage: 0 }] }).sourced).toBe(false);
  });

  it('writes a holding reply, cites nothing and is not sourced without passages', () => {
    const draft = writeExtractiveDraft({ ...request, customerName: null, passages: [] });
    expect(draft).toMatchObject({ citedArticleIds: [], sourced: false });
    expect(draft.reply).toMatch(/^Hi there,\n\nThanks for your message/);
  });
});
