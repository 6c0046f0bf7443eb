import { buildRetrievalQuery, cleanCustomerMessage } from './retrieval-query';

describe('cleanCustomerMessage', () => {
  it.each([
    ['a greeting and a signature', 'Hi team,\nHow do I reset my password?\n\nThanks,\nMaria\nACME Corp', 'How do I reset my password?'],
    ['a quoted reply', 'It still fails.\n\nOn Tue, 3 Mar 2026 at 10:00, Support <help@acme.test> wrote:\n> Try again\n> Best', 'It still fails.'],
    ['quote markers inline', 'Still broken\n> earlier text\nanything else?', 'Still broken\nanything else?'],
    ['a mobile footer', 'Where is my parcel?\nSent from my iPhone', 'Where is my parcel?'],
    ['a dash signature', 'Cancel my plan please\n-- \nJohn Doe | CEO', 'Cancel my plan please'],
    ['kind regards', 'Need an invoice copy.\nKind regards\nAnn', 'Need an invoice copy.'],
  ])('strips %s', (_, message, expected) => {
    expect(cleanCustomerMessage(message)).toBe(expected);
  });

  it('leaves nothing of a bare thank-you', () => {
    expect(cleanCustomerMessage('Thanks!')).toBe('');
  });
});

describe('buildRetrievalQuery', () => {
  it('leads with the subject and weighs the latest comment twice', () => {
    expect(buildRetrievalQuery('Login', ['Still locked out', 'I forgot my password']).text).toBe(
      'Login\n\nStill locked out\n\nStill locked out\n\nI forgot my password',
    );
  });

  it('focuses on the subject and the comment of a new ticket', () => {
    expect(buildRetrievalQuery('Data export', ['Hi,\nHow do I export our data?'])).toEqual({
      text: 'Data export\n\nHow do I export our data?\n\nHow do I export our data?',
      focus: 'Data export\n\nHow do I export our data?',
      context: '',
    });
  });

  it('focuses on the latest of several unanswered comments: the subject went with the first', () => {
    expect(buildRetrievalQuery('Data export', ['And how do we enable 2FA?\nThanks!', 'How do I export our data?']).focus).toBe('And how do we enable 2FA?');
  });

  it('reads the answered comments as context, and the latest comment alone as the focus of a follow-up', () => {
    expect(buildRetrievalQuery('Court dates', ['Probate?'], ['How do I find my hearing date?\nThanks!', 'I got a notice'])).toEqual({
      text: 'Court dates\n\nProbate?\n\nProbate?',
      focus: 'Probate?',
      context: 'How do I find my hearing date?\n\nI got a notice',
    });
  });

  it('bounds the query length', () => {
    const query = buildRetrievalQuery('S', ['x '.repeat(10_000)]);
    expect(query.text.length).toBeLessThanOrEqual(4000);
    expect(query.focus.length).toBeLessThanOrEqual(4000);
    expect(buildRetrievalQuery('S', ['q'], ['y '.repeat(10_000)]).context.length).toBeLessThanOrEqual(4000);
  });
});
