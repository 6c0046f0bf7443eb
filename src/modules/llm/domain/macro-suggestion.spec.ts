import { buildPassage } from '../../../../test/support/passage-builder';
import { suggestMacro } from './macro-suggestion';
import { SOURCING_MODEL } from './sourcing-model';

describe('suggestMacro: the macro named at the top of the note', () => {
  const question = { subject: 'Damaged item refund', question: 'My item arrived damaged. Can I get a refund?' };
  const refundMacro = buildPassage('m1', 'Refund for a damaged item', 'We refund the full price.', { origin: 'macro', url: '', coverage: 0.9 });
  const shippingArticle = buildPassage('a1', 'Shipping times', 'Orders ship in two days.', { coverage: 0.2 });

  it('suggests the best-ranked passage when it is a macro the calibrated score says answers the question alone', () => {
    const suggestion = suggestMacro(question, [refundMacro, shippingArticle]);

    expect(suggestion).toMatchObject({ articleId: 'm1', title: 'Refund for a damaged item', threshold: SOURCING_MODEL.threshold });
    expect(suggestion!.probability).toBeGreaterThanOrEqual(SOURCING_MODEL.threshold);
  });

  it('suggests nothing when an article ranks above the macro', () => {
    expect(suggestMacro(question, [shippingArticle, refundMacro])).toBeNull();
  });

  it('suggests nothing for a macro that only shares a few words with the question', () => {
    const weak = buildPassage('m2', 'Gift wrapping options', 'We wrap gifts for free.', { origin: 'macro', url: '', coverage: 0.1 });
    expect(suggestMacro(question, [weak, refundMacro])).toBeNull();
  });

  it('reads the macro alone: an article behind it does not lend it its coverage', () => {
    const weak = buildPassage('m2', 'Gift wrapping options', 'We wrap gifts for free.', { origin: 'macro', url: '', coverage: 0.1 });
    const strongArticle = buildPassage('a2', 'Refund for a damaged item', 'Refunds.', { coverage: 0.95 });
    expect(suggestMacro(question, [weak, strongArticle])).toBeNull();
  });

  it('follows the threshold it is given', () => {
    expect(suggestMacro(question, [refundMacro], SOURCING_MODEL, 0.999)).toBeNull();
    expect(suggestMacro(question, [], SOURCING_MODEL, 0)).toBeNull();
  });
});
