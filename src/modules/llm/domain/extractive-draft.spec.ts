import { buildPassage } from '../../../../test/support/passage-builder';
import { namesTitle, sourcingEvidence, writeExtractiveDraft } from './extractive-draft';
import { contentTerms } from './text-terms';

const passage = (articleId: string, title: string, body: string, similarity: number) => buildPassage(articleId, title, body, { similarity });

const reset = passage(
  'a1',
  'How to reset your password',
  'Reset your password\n\nOpen the sign-in page and click Forgot password. Enter the email address of your account and we send you a reset link. The link is valid for 24 hours.\n\nIf the email does not arrive, check your spam folder.',
  0.45,
);
const shipping = passage('a2', 'Shipping times', 'Orders ship within 2 business days. Standard delivery takes 3 to 5 business days.', 0.1);

describe('writeExtractiveDraft', () => {
  const request = { subject: 'Cannot log in', question: 'I forgot my password. How do I reset it?', customerName: 'Maria Lopez', signOff: 'Best regards', organizationHosts: [] };

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

  it('is sourced by an article whose whole title the ticket names, though it holds little of the question', () => {
    expect(writeExtractiveDraft({ ...request, passages: [{ ...reset, coverage: 0.3 }] }).sourced).toBe(true);
  });

  it('is sourced by an article holding most of the question, though the ticket does not name its title', () => {
    const account = passage('a3', 'Account access for teams', 'Forgot your password? Reset it from the sign-in page.', 0.4);
    expect(writeExtractiveDraft({ ...request, passages: [{ ...account, coverage: 0.7 }] }).sourced).toBe(true);
  });

  it('is not sourced when the best articles are on a neighbouring subject and hold little of the question', () => {
    const policy = { ...passage('a3', 'Password policy for admins', 'Admins set how long passwords must be.', 0.3), coverage: 0.5 };
    expect(writeExtractiveDraft({ ...request, passages: [policy, { ...shipping, coverage: 0.1 }] }).sourced).toBe(false);
  });

  it('looks for a named title among the three best articles only', () => {
    const weak = (id: string) => ({ ...passage(id, `Topic ${id}`, 'Unrelated text.', 0.2), coverage: 0.2 });
    const lowReset = { ...reset, coverage: 0.3 };
    expect(writeExtractiveDraft({ ...request, passages: [weak('b1'), weak('b2'), lowReset] }).sourced).toBe(true);
    expect(writeExtractiveDraft({ ...request, passages: [weak('b1'), weak('b1'), weak('b2'), weak('b3'), lowReset] }).sourced).toBe(false);
  });

  it('writes a holding reply, cites nothing and is not sourced without passages', () => {
    const draft = writeExtractiveDraft({ ...request, customerName: null, passages: [] });
    expect(draft).toMatchObject({ citedArticleIds: [], sourced: false });
    expect(draft.reply).toMatch(/^Hi there,\n\nThanks for your message/);
  });
});

describe('sourcingEvidence', () => {
  const request = { subject: 'Cannot log in', question: 'I forgot my password. How do I reset it?' };
  const weak = (id: string, coverage: number) => ({ ...passage(id, `Topic ${id}`, 'Unrelated text.', 0.2), coverage });

  it('reads the best coverage and the named titles of the three best articles, what the sourced rule thresholds', () => {
    expect(sourcingEvidence({ ...request, passages: [weak('b1', 0.2), weak('b1', 0.2), weak('b2', 0.5), weak('b3', 0.4), { ...reset, coverage: 0.9 }] })).toEqual({
      maxCoverage: 0.5,
      titleNamed: false,
    });
    expect(sourcingEvidence({ ...request, passages: [weak('b1', 0.2), { ...reset, coverage: 0.3 }] })).toEqual({ maxCoverage: 0.3, titleNamed: true });
  });

  it('has nothing without passages', () => {
    expect(sourcingEvidence({ ...request, passages: [] })).toEqual({ maxCoverage: 0, titleNamed: false });
  });
});

describe('namesTitle', () => {
  const asked = (text: string) => new Set(contentTerms(text));

  it.each([
    ['What are the treatments of ectopic pregnancy?', 'Ectopic pregnancy', true],
    ['is conception a requirement of a molar pregnancy?', 'Ectopic pregnancy', false],
    ['My question is about Antiphosoholipid Syndrome', 'Antiphospholipid syndrome', true],
    ['i want to know more about aeortic stenosis', 'Aortic stenosis', true],
    ['a cold that will not go away', 'Gold', false],
    ['How do I reset my password?', 'How to', false],
  ])('%s names "%s": %s', (question, title, expected) => {
    expect(namesTitle(asked(question), title)).toBe(expected);
  });
});
