import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { freePort } from './test-app';

export interface AppExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface AppProcess {
  pid: number;
  baseUrl: string;
  readonly running: boolean;
  // Settles when the process ends, however it ends.
  exited: Promise<AppExit>;
  // What the process wrote (JSON log lines, a crash's stack), for a failing test to show.
  output(): string;
  kill(signal: NodeJS.Signals): void;
}

export interface AppProcessOptions {
  // Node's arguments: flags and the script. Default: src/main.ts through ts-node.
  nodeArgs?: string[];
  // The environment `env` goes over. Default: the current one.
  baseEnv?: NodeJS.ProcessEnv;
  // stdout and stderr written straight to this file instead of kept in memory: a busy server's log lines then cost
  // the parent nothing (the benches).
  logFile?: string;
}

const READY_TIMEOUT_MS = 60_000;
// A test that starts app processes: each may take up to READY_TIMEOUT_MS on a machine busy with other suites.
export const APP_PROCESS_TEST_TIMEOUT = 3 * READY_TIMEOUT_MS;
const TS_NODE_MAIN = ['-r', 'ts-node/register/transpile-only', 'src/main.ts'];

// The app as `npm start` runs it (src/main.ts through ts-node, as the CLI tests run tools/cli.ts), in an OS
// process of its own that a test can SIGKILL or SIGTERM. `env` over the current environment; ready once
// /health/live answers.
export async function startAppProcess(env: Record<string, string>, options: AppProcessOptions = {}): Promise<AppProcess> {
  const port = await freePort();
  const logFd = options.logFile ? openSync(options.logFile, 'w') : null;
  const child: ChildProcess = spawn(process.execPath, options.nodeArgs ?? TS_NODE_MAIN, {
    env: { ...(options.baseEnv ?? process.env), NODE_OPTIONS: '', ...env, PORT: String(port) },
    stdio: logFd === null ? ['ignore', 'pipe', 'pipe'] : ['ignore', logFd, logFd],
  });
  if (logFd !== null) closeSync(logFd);
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<AppExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const baseUrl = `http://127.0.0.1:${port}`;
  let ended: AppExit | null = null;
  void exited.then((exit) => (ended = exit));
  const app: AppProcess = {
    pid: child.pid!,
    baseUrl,
    get running() {
      return ended === null;
    },
    exited,
    output: () => (options.logFile ? readFileSync(options.logFile, 'utf8') : output),
    kill(signal) {
      if (!child.kill(signal)) throw new Error(`Could not send ${signal} to the app (pid ${child.pid})`);
    },
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (ended) throw new Error(`The app ended (${JSON.stringify(ended)}) before it was ready:\n${output}`);
    const live = await fetch(`${baseUrl}/health/live`).then((r) => r.ok, () => false);
    if (live) return app;
    if (Date.now() > deadline) {
      app.kill('SIGKILL');
      throw new Error(`The app was not ready after ${READY_TIMEOUT_MS / 1000} s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
