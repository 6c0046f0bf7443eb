import { highlightPassage } from './passage-highlight';

describe('highlightPassage', () => {
  const render = (passage: string, question: string) =>
    highlightPassage(passage, question)
      .map((s) => (s.marked ? `[${s.text}]` : s.text))
      .join('');

  it('marks the words the question used, by stem and ignoring case', () => {
    expect(render('Click Forgot password to get a reset link. Links expire.', 'How do I reset my passwords? The link is broken'))
      .toBe('Click Forgot [password] to get a [reset link]. [Links] expire.');
  });

  it('marks no stopwords and keeps the text whole', () => {
    const passage = 'You can cancel at any time, and the plan stays active.';
    expect(render(passage, 'can I do it at any time?')).toBe('You can cancel at any [time], and the plan stays active.');
    expect(highlightPassage(passage, 'anything').map((s) => s.text).join('')).toBe(passage);
  });

  it('marks nothing when nothing is shared', () => {
    expect(highlightPassage('Orders ship in 2 days.', 'refund please')).toEqual([{ text: 'Orders ship in 2 days.', marked: false }]);
  });
});
