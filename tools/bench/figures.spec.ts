import { describeTarget, formatNumber, formatRatio, markdownTable, meets, percentile } from './figures';

describe('bench figures', () => {
  it('takes the nearest-rank percentile, whatever the order of the values', () => {
    const values = [9, 1, 8, 2, 7, 3, 6, 4, 5, 10];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 99)).toBe(10);
    expect(percentile(values, 10)).toBe(1);
    expect(percentile([42], 99)).toBe(42);
    expect(percentile([], 50)).toBeNaN();
  });

  it('judges a figure against its target, a missing figure never meeting it', () => {
    expect(meets(0.5, { atLeast: 0.5 })).toBe(true);
    expect(meets(0.49, { atLeast: 0.5 })).toBe(false);
    expect(meets(30, { atMost: 30 })).toBe(true);
    expect(meets(30.1, { atMost: 30 })).toBe(false);
    expect(meets(Number.NaN, { atMost: 30 })).toBe(false);
    expect(describeTarget('× bare', 0.62, { atLeast: 0.5 })).toBe('≥ 0.50× bare: met');
    expect(describeTarget(' ms', 91, { atMost: 30 })).toBe('≤ 30.0 ms: missed');
  });

  it('prints three significant digits at most below 100, whole numbers with separators above', () => {
    expect(formatNumber(5637.2)).toBe('5,637');
    expect(formatNumber(42.37)).toBe('42.4');
    expect(formatNumber(0.912)).toBe('0.91');
    expect(formatNumber(Number.NaN)).toBe('—');
    expect(formatRatio(1576, 5637)).toBe('0.28×');
    expect(formatRatio(33, 1.9)).toBe('17.4×');
    expect(formatRatio(10, 0)).toBe('—');
  });

  it('renders a markdown table', () => {
    expect(markdownTable(['a', 'b'], [['1', '2']])).toBe('| a | b |\n| --- | --- |\n| 1 | 2 |');
  });
});
