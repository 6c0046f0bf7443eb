// Pure helpers of the benches: percentiles, ratios, targets and the markdown tables they print.

// Nearest-rank percentile: the smallest value with at least p % of the values at or below it.
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1))];
}

export interface Latency {
  p50: number;
  p99: number;
}

// The knowledge suite's retrieval figures, for the throughput summary when both run in one invocation.
export interface RetrievalFigures {
  chunks: number;
  hybrid: Latency;
  bare: Latency;
}

export type Target = { atLeast: number } | { atMost: number };

// Printed beside a figure, never asserted: the machine decides, the reader judges.
export function meets(value: number, target: Target): boolean {
  if (!Number.isFinite(value)) return false;
  return 'atLeast' in target ? value >= target.atLeast : value <= target.atMost;
}

// 5637.2 → "5,637"; 42.37 → "42.4"; 0.912 → "0.91": whole numbers from 100, one decimal from 10, two below.
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const magnitude = Math.abs(value);
  const digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatRatio(figure: number, ceiling: number): string {
  return ceiling > 0 && Number.isFinite(figure) && Number.isFinite(ceiling) ? `${formatNumber(figure / ceiling)}×` : '—';
}

// "≥ 0.5× bare: met (0.62×)" style, for a ratio or a plain figure.
export function describeTarget(label: string, value: number, target: Target): string {
  const bound = 'atLeast' in target ? `≥ ${formatNumber(target.atLeast)}` : `≤ ${formatNumber(target.atMost)}`;
  return `${bound}${label}: ${meets(value, target) ? 'met' : 'missed'}`;
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
