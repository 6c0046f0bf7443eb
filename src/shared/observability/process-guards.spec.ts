import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

// A real Node process: only there does an unhandled rejection or an uncaught exception end the process.
const run = (guarded: boolean) =>
  promisify(execFile)(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-e',
      `${guarded ? `require(${JSON.stringify(join(__dirname, 'process-guards.ts'))}).installProcessGuards();` : ''}
       Promise.reject(new Error('pg-boss fail() lost its connection'));
       setTimeout(() => { throw new Error('pool client terminated'); }, 10);
       setTimeout(() => console.log('still alive'), 100);`,
    ],
    { cwd: join(__dirname, '../../..') },
  ).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );

describe('installProcessGuards', () => {
  it('logs an unhandled rejection and an uncaught exception, and the process goes on', async () => {
    const { code, stdout, stderr } = await run(true);
    expect(code).toBe(0);
    expect(stdout).toContain('still alive');
    expect(stderr).toMatch(/Unhandled promise rejection, process kept running: Error: pg-boss fail\(\) lost its connection/);
    expect(stderr).toMatch(/Uncaught exception, process kept running: Error: pool client terminated/);
  });

  it('is what keeps it alive: without it Node exits at the first one', async () => {
    const { code, stdout } = await run(false);
    expect(code).not.toBe(0);
    expect(stdout).not.toContain('still alive');
  });
});
