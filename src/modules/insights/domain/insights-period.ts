// The insights' period: whole UTC days, `from` included, `to` excluded.
export interface InsightsPeriod {
  from: Date;
  to: Date;
}

export type InsightsBucket = 'day' | 'week';

export const DEFAULT_PERIOD_DAYS = 30;
export const MAX_PERIOD_DAYS = 366;
// Beyond two months a bar per day is too thin to read: acceptance is then counted per ISO week.
const DAILY_UP_TO_DAYS = 60;
const DAY_MS = 86_400_000;

export const UTC_DAY = /^\d{4}-\d{2}-\d{2}$/;

// The asked days, or the last DEFAULT_PERIOD_DAYS up to today; one bound alone reaches DEFAULT_PERIOD_DAYS from it.
export function insightsPeriod(query: { from?: string; to?: string }, now: Date): InsightsPeriod {
  const from = query.from === undefined ? undefined : dayStart(query.from);
  const to = query.to === undefined ? undefined : dayStart(query.to);
  if (from && to) return { from, to };
  if (from) return { from, to: addDays(from, DEFAULT_PERIOD_DAYS) };
  const end = to ?? addDays(dayStart(formatDay(now)), 1);
  return { from: addDays(end, -DEFAULT_PERIOD_DAYS), to: end };
}

export const spanInDays = (period: InsightsPeriod): number => Math.round((period.to.getTime() - period.from.getTime()) / DAY_MS);

export const bucketOf = (period: InsightsPeriod): InsightsBucket => (spanInDays(period) > DAILY_UP_TO_DAYS ? 'week' : 'day');

// Every bucket's first day in the period, for zero-filled series; weeks start on Monday, as PostgreSQL's date_trunc.
export function bucketStarts(period: InsightsPeriod, bucket: InsightsBucket): string[] {
  let start = period.from;
  if (bucket === 'week') start = addDays(start, -((start.getUTCDay() + 6) % 7));
  const starts: string[] = [];
  for (let day = start; day < period.to; day = addDays(day, bucket === 'week' ? 7 : 1)) starts.push(formatDay(day));
  return starts;
}

export const formatDay = (date: Date): string => date.toISOString().slice(0, 10);

const dayStart = (day: string): Date => new Date(`${day}T00:00:00.000Z`);
const addDays = (date: Date, days: number): Date => new Date(date.getTime() + days * DAY_MS);
