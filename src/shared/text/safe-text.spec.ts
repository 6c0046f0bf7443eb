import { safeJson, safeText, TRUNCATION_MARK, truncateText } from './safe-text';

describe('safeText', () => {
  it.each([
    ['NUL', 'a\u0000b', 'ab'],
    ['a lone high surrogate', 'a\ud800b', 'ab'],
    ['a lone low surrogate', 'a\udc00b', 'ab'],
    ['a reversed pair', '\udc00\ud800', ''],
    ['other control characters', 'a\u0007b\u001bc\u0085d', 'a b c d'],
  ])('removes %s', (_, input, expected) => {
    expect(safeText(input)).toBe(expected);
  });

  it('keeps line breaks, tabs, accents and emoji (valid surrogate pairs)', () => {
    const text = 'Grüße\r\n\tla 😀 fin';
    expect(safeText(text)).toBe(text);
  });

  it('bounds the length and marks the cut', () => {
    const cut = safeText('x'.repeat(100), 40);
    expect(cut).toHaveLength(40);
    expect(cut.endsWith(TRUNCATION_MARK)).toBe(true);
  });

  it('never cuts a surrogate pair in two', () => {
    const text = '😀'.repeat(30);
    for (let max = 20; max < 40; max++) {
      const cut = truncateText(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(safeText(cut)).toBe(cut);
    }
  });
});

describe('safeJson', () => {
  it('cleans every string inside, keys included, and leaves other values alone', () => {
    const input = { 'k\u0000': ['a\u0000', { b: '\ud800c' }], n: 1, ok: true, none: null };
    expect(safeJson(input)).toEqual({ k: ['a', { b: 'c' }], n: 1, ok: true, none: null });
  });
});
