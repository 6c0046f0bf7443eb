import { monitorEventLoopDelay } from 'node:perf_hooks';

const RESOLUTION_MS = 10;

// How long this process's event loop was held at once since the last reset. The tests run the app in the jest
// process, so a request that blocks the app shows here (so does the test's own work: the figure is an upper bound).
export function watchEventLoop() {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  return {
    // The histogram times its own timer: each sample is the resolution plus how late the timer ran.
    longestBlockMs: () => (histogram.count === 0 ? 0 : histogram.max / 1e6 - RESOLUTION_MS),
    reset: () => histogram.reset(),
    stop: () => histogram.disable(),
  };
}
