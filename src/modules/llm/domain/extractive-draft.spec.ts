import { buildPassage } from '../../../../test/support/passage-builder';
import { Passage } from './draft';
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
  const request = { subject: 'Cannot log in', question: 'I forgot my password. How do I reset it?', focus: 'Cannot log in\n\nI forgot my password. How do I reset it?', customerName: 'Maria Lopez', signOff: 'Best regards', organizationHosts: [] };

  // A new ticket: the subject and its comment are what the reply answers.
  const asked = (subject: string, question: string, passages: Passage[]) => ({ ...request, subject, question, focus: `${subject}\n\n${question}`, passages });

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

  it('answers in whole sentences: no chunk lead, FAQ heading, cut sentence or citation marker', () => {
    const noonan = {
      ...passage('n1', 'Noonan syndrome', '', 0.5),
      section: 'What are the symptoms of Noonan syndrome ?',
      content:
        'Noonan syndrome — What are the symptoms of Noonan syndrome ?\n\n' +
        'in affected people has been frequently associated with heart defects. Most people with Noonan syndrome have a heart defect.[8] [9] ' +
        'The most common heart defect is a narrowing of the pulmonary valve (pulmonary valve stenosis). Some affected individuals have hypertrophic cardiomyopathy [citation needed].\n' +
        'What causes Noonan syndrome ?\n' +
        'Many children with Noonan syndrome have a short neck. A variety of bleeding disorders have been associated with Noonan syndrome. Affected infants may also have',
    };
    const draft = writeExtractiveDraft(asked('', 'What are the heart symptoms of Noonan syndrome?', [noonan]));
    const answer = draft.reply.split('\n\n')[1];
    expect(answer).toBe(
      'Most people with Noonan syndrome have a heart defect. The most common heart defect is a narrowing of the pulmonary valve (pulmonary valve stenosis). ' +
        'Some affected individuals have hypertrophic cardiomyopathy. Many children with Noonan syndrome have a short neck. A variety of bleeding disorders have been associated with Noonan syndrome.',
    );
  });

  it('brings the numbered steps that a chosen sentence introduces, in the article order', () => {
    const exportArticle = passage(
      'e1',
      'Export your data',
      'Admins can export all of the workspace data at any time.\n\nTo export your data:\n\n 1. Open Settings, then Data.\n 2. click Export\n 3. Choose CSV or JSON and confirm.\n\nLarge exports can take up to an hour.',
      0.5,
    );
    const draft = writeExtractiveDraft(asked('Data export', 'How do I export my data?', [exportArticle]));
    expect(draft.reply).toBe(
      'Hi Maria,\n\nAdmins can export all of the workspace data at any time.\n\nTo export your data:\n1. Open Settings, then Data.\n2. Click Export.\n3. Choose CSV or JSON and confirm.\n\n' +
        'Large exports can take up to an hour.\n\nBest regards',
    );
  });

  it('leaves out a sentence that says again what a chosen one says', () => {
    const billing = passage(
      'b1',
      'Invoices',
      'You can download your invoices from Billing, Invoices. You can download your invoices from Billing, Invoices, as PDF files. Invoices are issued on the first day of each month. Refunds for invoices reach your card within 5 business days.',
      0.5,
    );
    const draft = writeExtractiveDraft(asked('', 'Where can I download my invoices and when are refunds for invoices paid?', [billing]));
    expect(draft.reply).toContain('You can download your invoices from Billing, Invoices, as PDF files. ');
    expect(draft.reply).toContain('Refunds for invoices reach your card within 5 business days.');
    expect(draft.reply).not.toContain('Invoices. You can download');
  });

  it('opens on the sentence that an opening "It …" refers to', () => {
    const diaphragm = passage(
      'd1',
      'Diaphragmatic hernia repair',
      'The diaphragm is the muscle under your lungs. It separates the chest cavity from the belly area. In a child born with a diaphragmatic hernia, this muscle is not completely formed. Surgery to repair it is done in the first days of life.',
      0.5,
    );
    const draft = writeExtractiveDraft(asked('', 'What separates the chest cavity from the belly?', [diaphragm]));
    expect(draft.reply.split('\n\n')[1]).toMatch(/^The diaphragm is the muscle under your lungs\. It separates the chest cavity from the belly area\./);
  });

  it('answers with the list alone when the list is what speaks most to the question', () => {
    const setup = passage(
      's1',
      'Two-factor authentication',
      'Two-factor authentication protects your account.\n\nTo turn on two-factor authentication with an authenticator app:\n\n 1. Open Account, Security.\n 2. Scan the QR code with your authenticator app.\n 3. Enter the 6-digit code.\n\nYou can turn it off again from the same page.',
      0.5,
    );
    const draft = writeExtractiveDraft(asked('', 'How do I set up two-factor authentication with my authenticator app?', [setup]));
    expect(draft.reply.split('\n\n')[1]).toBe(
      'To turn on two-factor authentication with an authenticator app:\n1. Open Account, Security.\n2. Scan the QR code with your authenticator app.\n3. Enter the 6-digit code.',
    );
  });

  it('answers what the latest comment asks, though the subject and an earlier comment asked something else', () => {
    const security = passage(
      's2',
      'Account security',
      'You can export a log of every sign-in to your account as a CSV file.\n\nTo enable two-factor authentication:\n\n 1. Open Settings, then Security.\n 2. Scan the QR code with your authenticator app.',
      0.5,
    );
    const followUp = { ...request, subject: 'Exporting our data', question: 'How do we enable two-factor authentication?\n\nHow do I export the log of sign-ins to our account as a CSV file?', focus: 'How do we enable two-factor authentication?' };
    const draft = writeExtractiveDraft({ ...followUp, passages: [security] });
    expect(draft.reply).toContain('To enable two-factor authentication:\n1. Open Settings, then Security.');
    expect(draft.reply).not.toContain('CSV');
  });

  it('writes a holding reply, cites nothing and is not sourced without passages', () => {
    const draft = writeExtractiveDraft({ ...request, customerName: null, passages: [] });
    expect(draft).toMatchObject({ citedArticleIds: [], sourced: false });
    expect(draft.reply).toMatch(/^Hi there,\n\nThanks for your message/);
  });
});
