import { bucketOf, bucketStarts, insightsPeriod } from './insights-period';

const now = new Date('2026-11-27T08:30:00Z');
const days = (period: { from: Date; to: Date }) => [period.from.toISOString().slice(0, 10), period.to.toISOString().slice(0, 10)];

describe('insightsPeriod', () => {
  it.each([
    [{}, ['2026-10-29', '2026-11-28']],
    [{ from: '2026-01-01', to: '2026-02-01' }, ['2026-01-01', '2026-02-01']],
    [{ from: '2026-01-01' }, ['2026-01-01', '2026-01-31']],
    [{ to: '2026-02-01' }, ['2026-01-02', '2026-02-01']],
  ])('%j covers %j (UTC days, today included by default)', (query, expected) => {
    expect(days(insightsPeriod(query, now))).toEqual(expected);
  });
});

describe('buckets', () => {
  it('counts per day up to 60 days, per ISO week (from Monday) beyond', () => {
    const short = insightsPeriod({ from: '2026-11-01', to: '2026-11-04' }, now);
    expect(bucketOf(short)).toBe('day');
    expect(bucketStarts(short, 'day')).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    expect(bucketOf(insightsPeriod({ from: '2026-01-01', to: '2026-03-02' }, now))).toBe('day');

    const long = insightsPeriod({ from: '2026-01-01', to: '2026-03-03' }, now);
    expect(bucketOf(long)).toBe('week');
    const weeks = bucketStarts(long, 'week');
    // 1 January 2026 is a Thursday: its week began on Monday 29 December.
    expect(weeks.slice(0, 2)).toEqual(['2025-12-29', '2026-01-05']);
    expect(weeks.at(-1)).toBe('2026-03-02');
  });
});
