import { answerSentences, fragmentRate, isFragment, tokenF1 } from './reply-metrics';

const frame = { signOff: 'Best regards' };

describe('tokenF1', () => {
  it.each<[string, string, string, number]>([
    ['identical', 'Reset it from the sign-in page.', 'reset it from the SIGN-IN page', 1],
    ['half the words', 'reset the password', 'reset the link now', (2 * (2 / 3) * (2 / 4)) / (2 / 3 + 2 / 4)],
    ['a repeated word counts as often as the reference has it', 'the the the', 'the cat', (2 * (1 / 3) * (1 / 2)) / (1 / 3 + 1 / 2)],
    ['nothing shared', 'hello', 'goodbye', 0],
    ['an empty reply', '', 'anything', 0],
  ])('%s', (_, reply, reference, expected) => {
    expect(tokenF1(reply, reference)).toBeCloseTo(expected, 10);
  });
});

describe('answerSentences', () => {
  it('splits the answer between the greeting and the sign-off into sentences', () => {
    const reply = 'Hi Maria,\n\nOpen the sign-in page. Click Forgot password!\nThe link lasts 24 hours.\n\nBest regards';
    expect(answerSentences(reply, frame)).toEqual(['Open the sign-in page.', 'Click Forgot password!', 'The link lasts 24 hours.']);
  });

  it('keeps a first paragraph that is no greeting', () => {
    expect(answerSentences('Higher doses help. Ask your doctor.', frame)).toEqual(['Higher doses help.', 'Ask your doctor.']);
  });
});

describe('isFragment', () => {
  it.each<[string, boolean]>([
    ['The link is valid for 24 hours.', false],
    ['2 tablets a day are enough.', false],
    ['“Forgot password” resets it.', false],
    ['Which plan do you use?', false],
    ['Follow these steps:', false],
    ['and then the link expires.', true],
    ['Symptoms and causes', true],
    ['See the overview [8].', true],
    ['(see above) for details.', true],
  ])('%s → %s', (sentence, expected) => {
    expect(isFragment(sentence)).toBe(expected);
  });
});

describe('fragmentRate', () => {
  it('counts the fragments among the answer sentences of every reply', () => {
    const replies = ['Hi there,\n\nOpen the page. Then click it\n\nBest regards', 'Hi Ada,\n\nIt works [2].\n\nBest regards'];
    expect(fragmentRate(replies, frame)).toEqual({ sentences: 3, fragments: 2, rate: 2 / 3 });
  });

  it('is 0 without sentences', () => {
    expect(fragmentRate([], frame)).toEqual({ sentences: 0, fragments: 0, rate: 0 });
  });
});
