import { buildPassage } from '../../../../test/support/passage-builder';
import { namesTitle, sourcingSignals } from './sourcing-signals';
import { contentTerms } from './text-terms';

const passage = (articleId: string, title: string, coverage: number) => ({ ...buildPassage(articleId, title, 'Some text.', { similarity: 0.2 }), coverage });

describe('sourcingSignals', () => {
  const request = { subject: 'Cannot log in', question: 'I forgot my password. How do I reset it?' };
  const weak = (id: string, coverage: number) => passage(id, `Topic ${id}`, coverage);
  const reset = (coverage: number) => passage('a1', 'How to reset your password', coverage);

  it('reads the best coverage and the named titles of the three best articles only', () => {
    expect(sourcingSignals({ ...request, passages: [weak('b1', 0.2), weak('b1', 0.2), weak('b2', 0.5), weak('b3', 0.4), reset(0.9)] })).toEqual({
      coverage: 0.5,
      titleNamed: 0,
      coverageUnlessTitleNamed: 0.5,
    });
  });

  it('counts coverage only when no title is named', () => {
    expect(sourcingSignals({ ...request, passages: [weak('b1', 0.2), reset(0.3)] })).toEqual({ coverage: 0.3, titleNamed: 1, coverageUnlessTitleNamed: 0 });
  });

  it('has nothing without passages', () => {
    expect(sourcingSignals({ ...request, passages: [] })).toEqual({ coverage: 0, titleNamed: 0, coverageUnlessTitleNamed: 0 });
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
