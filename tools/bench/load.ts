// The load client of the throughput bench: autocannon with keep-alive connections, every answer's status and
// latency recorded (autocannon's own histogram keeps whole milliseconds; a bare server answers in two).
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import { percentile } from './figures';

export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
export const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);

// The 1-minute load average before and after a figure: on a shared 2-core machine it says how much to trust it.
export interface MachineLoad {
  before: number;
  after: number;
}

export interface LoadFigures {
  perSecond: number;
  p50: number;
  p99: number;
  answers: number;
  // Answers by status code, and connection errors and timeouts (not answers).
  statuses: Record<string, number>;
  errors: number;
  load: MachineLoad;
}

export interface LoadOptions {
  url: string;
  // Called for every request, so each carries its own body and headers.
  setupRequest?: (request: autocannon.Request) => autocannon.Request;
  // A fixed number of requests instead of LOAD_SECONDS.
  amount?: number;
}

export async function withLoad<T>(measure: () => Promise<T>): Promise<T & { load: MachineLoad }> {
  const before = loadavg()[0];
  const figures = await measure();
  return { ...figures, load: { before, after: loadavg()[0] } };
}

// A short run first, thrown away: both sides of a ratio are measured warm (JIT, connection pools, caches).
export async function hammer(options: LoadOptions): Promise<LoadFigures> {
  if (WARMUP_SECONDS > 0 && !options.amount) await run({ ...options, seconds: WARMUP_SECONDS });
  return withLoad(() => run({ ...options, seconds: LOAD_SECONDS }));
}

function run(options: LoadOptions & { seconds: number }): Promise<Omit<LoadFigures, 'load'>> {
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: CONNECTIONS,
        pipelining: 1,
        ...(options.amount ? { amount: options.amount } : { duration: options.seconds }),
        ...(options.setupRequest ? { requests: [{ setupRequest: options.setupRequest }] } : {}),
      },
      (error, result) => {
        if (error) return reject(error);
        const seconds = (performance.now() - started) / 1000;
        resolve({ perSecond: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99), answers: latencies.length, statuses, errors: result.errors });
      },
    );
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      latencies.push(responseTime);
      statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
    });
  });
}

// "12,345 × 202" or "12,000 × 202, 345 × 500, 3 connection errors"
export function describeAnswers(figures: Pick<LoadFigures, 'statuses' | 'errors'>): string {
  const parts = Object.entries(figures.statuses).map(([code, count]) => `${count.toLocaleString('en-US')} × ${code}`);
  if (figures.errors) parts.push(`${figures.errors} connection errors`);
  return parts.join(', ') || 'no answer';
}
