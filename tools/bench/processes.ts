// The throughput bench's own processes: the production build it runs, the servers it starts (each an OS process
// of its own, as in production) and the guarantee that none outlives the bench, however the bench ends.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppProcess, startAppProcess } from '../../test/support/app-process';

const PRODUCTION_MAIN = 'dist/src/main.js';
const BUILD_INPUTS = ['src', 'migrations', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json'];
const STOP_TIMEOUT_MS = 10_000;

// Loaded before the server's own code: if the bench dies without a word (SIGKILL), the child is re-parented and
// ends itself within half a second. Ctrl-C reaches the whole process group anyway; on an error each phase stops its
// own, and whatever is left is killed on exit.
const ORPHAN_GUARD = `data:text/javascript,const parent = process.ppid; setInterval(() => { if (process.ppid !== parent) process.exit(1) }, 500).unref()`;

// A bare node:http server answering what /health/live answers, byte for byte: the ceiling of any HTTP route.
const BARE_SERVER = `
const body = JSON.stringify({ status: 'ok', info: {}, error: {}, details: {} });
require('node:http').createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}).listen(Number(process.env.PORT), '127.0.0.1');`;

const running = new Set<AppProcess>();
const cleanups: Array<() => Promise<unknown>> = [];
let guarded = false;

// Ends every child at once (SIGKILL: nothing of theirs is worth keeping) and, unless the process is exiting
// synchronously, runs the registered clean-ups (temporary databases), newest first.
async function stopAll(): Promise<void> {
  for (const child of running) if (child.running) child.kill('SIGKILL');
  running.clear();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
}

function installGuards(): void {
  if (guarded) return;
  guarded = true;
  process.once('exit', () => {
    for (const child of running) if (child.running) child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping the bench's processes and dropping its databases`);
      const exit = () => process.exit(128 + (signal === 'SIGHUP' ? 1 : signal === 'SIGINT' ? 2 : 15));
      setTimeout(exit, 5_000).unref();
      void stopAll().then(exit);
    });
  }
}

// Runs `cleanup` when the bench ends by a signal; the caller still runs it itself on the normal path.
export function onInterrupt(cleanup: () => Promise<unknown>): () => Promise<void> {
  installGuards();
  cleanups.push(cleanup);
  return async () => {
    const index = cleanups.indexOf(cleanup);
    if (index >= 0) cleanups.splice(index, 1);
    await cleanup();
  };
}

// dist/ as `npm run build` makes it, rebuilt when a source, migration or build setting is newer.
export function ensureProductionBuild(): void {
  const built = existsSync(PRODUCTION_MAIN) ? statSync(PRODUCTION_MAIN).mtimeMs : 0;
  const newest = Math.max(...BUILD_INPUTS.filter((input) => existsSync(input)).map(newestModification));
  if (built >= newest) return;
  console.error(built ? 'dist/ is older than the sources: npm run build' : 'No dist/: npm run build');
  const build = spawnSync('npm', ['run', 'build'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status})`);
}

function newestModification(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  const entries = readdirSync(path, { recursive: true }) as string[];
  return Math.max(stat.mtimeMs, ...entries.map((entry) => statSync(join(path, entry)).mtimeMs));
}

export interface BenchProcess {
  process: AppProcess;
  // The last lines it wrote, for an error message.
  tail(lines?: number): string;
  stop(): Promise<void>;
}

// A server process of the bench; its log lines go to a file of their own, never through the bench.
async function startOwned(name: string, nodeArgs: string[], env: Record<string, string>): Promise<BenchProcess> {
  installGuards();
  const logDir = mkdtempSync(join(tmpdir(), `assist-bench-${name}-`));
  const logFile = join(logDir, 'output.log');
  let child: AppProcess;
  try {
    // No inherited environment: a shell's OPENAI_API_KEY or LOG_LEVEL would change what is measured.
    child = await startAppProcess(env, { nodeArgs: ['--import', ORPHAN_GUARD, ...nodeArgs], baseEnv: { PATH: process.env.PATH }, logFile });
  } catch (error) {
    rmSync(logDir, { recursive: true, force: true });
    throw error;
  }
  running.add(child);
  const tail = (lines = 20) => child.output().trimEnd().split('\n').slice(-lines).join('\n');
  return {
    process: child,
    tail,
    async stop() {
      running.delete(child);
      if (child.running) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.running && child.kill('SIGKILL'), STOP_TIMEOUT_MS);
        await child.exited;
        clearTimeout(timer);
      }
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}

export function startBareServer(): Promise<BenchProcess> {
  return startOwned('bare', ['-e', BARE_SERVER], {});
}

// The production build (`node dist/src/main.js`), NODE_ENV=production, JSON log lines into a file.
export function startProductionApp(name: string, env: Record<string, string>): Promise<BenchProcess> {
  return startOwned(name, [PRODUCTION_MAIN], { NODE_ENV: 'production', LOG_FORMAT: 'json', ...env });
}
