import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const INTERVAL_MS = 10;
// Linux reports a thread's CPU time in ticks of 1/100 s (USER_HZ, fixed for user space).
const TICK_MS = 10;
const MAIN_THREAD_STAT = `/proc/self/task/${process.pid}/stat`;

// CPU time of this process's main thread (the event loop's), null where /proc is not there.
function mainThreadCpuMs(): number | null {
  try {
    // After "pid (command) ", utime and stime are the 12th and 13th fields.
    const fields = readFileSync(MAIN_THREAD_STAT, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return null;
  }
}

// How long this process's event loop was held at once since the last reset. The tests run the app in the jest
// process, so a request that blocks the app shows here (so does the test's own work: the figure is an upper bound).
// A timer running late is not enough: on a machine shared with other test runs the process also waits for a core,
// and monitorEventLoopDelay counts that wait too (its max read 211 ms at a load of 8 on 2 cores, with the app doing
// what took 6 ms alone). A late tick counts only as long as the main thread was on the CPU meanwhile.
export function watchEventLoop() {
  const delays = monitorEventLoopDelay({ resolution: INTERVAL_MS });
  delays.enable();
  let longestBlock = 0;
  let lastWall = performance.now();
  let lastCpu = mainThreadCpuMs();
  const sampler = setInterval(() => {
    const wall = performance.now();
    const cpu = mainThreadCpuMs();
    const late = wall - lastWall - INTERVAL_MS;
    longestBlock = Math.max(longestBlock, cpu === null || lastCpu === null ? late : Math.min(late, cpu - lastCpu));
    lastWall = wall;
    lastCpu = cpu;
  }, INTERVAL_MS);
  return {
    longestBlockMs: () => longestBlock,
    expectNoBlockOver(limitMs: number): void {
      if (longestBlock >= limitMs) {
        const late = Math.round(delays.max / 1e6 - INTERVAL_MS);
        throw new Error(`The event loop was held ${Math.round(longestBlock)} ms at once (over ${limitMs} ms; its timer ran up to ${late} ms late)`);
      }
    },
    reset: () => {
      longestBlock = 0;
      delays.reset();
    },
    stop: () => {
      clearInterval(sampler);
      delays.disable();
    },
  };
}
