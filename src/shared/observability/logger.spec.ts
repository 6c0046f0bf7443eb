import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { withLogContext } from './log-context';
import { createRootLogger, prettyLogStream } from './logger';

describe('createRootLogger', () => {
  const written: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  const sut = createRootLogger({ level: 'info', destination });

  beforeEach(() => written.splice(0));

  it('writes JSON lines with the level by name and the ids of the job in progress', async () => {
    await withLogContext({ jobId: 'job-1', ticketId: '42' }, async () => {
      await withLogContext({ eventId: 'event-7' }, async () => sut.info('working'));
    });
    sut.info('between jobs');

    expect(written[0]).toMatchObject({ level: 'info', msg: 'working', jobId: 'job-1', ticketId: '42', eventId: 'event-7' });
    expect(written[1]).not.toHaveProperty('jobId');
  });

  it('censors credentials and message bodies in logged objects, at the top and one level down', () => {
    sut.info({ authorization: 'Basic abc', zendesk: { apiToken: 'tok', email: 'agent@example.com' }, comment: { body: 'my card number' } }, 'call');

    expect(written[0]).toMatchObject({
      authorization: '[redacted]',
      zendesk: { apiToken: '[redacted]', email: 'agent@example.com' },
      comment: { body: '[redacted]' },
    });
  });
});

// A real process logging to its own stdout (gathered a few kilobytes at a time), then ending as `ending` says.
const logThenEnd = (ending: string) =>
  promisify(execFile)(
    process.execPath,
    [
      '-r',
      'ts-node/register/transpile-only',
      '-e',
      `const logger = require(${JSON.stringify(join(__dirname, 'logger.ts'))}).createRootLogger({ level: 'info' });
       logger.info('first');
       logger.warn('second');
       ${ending}`,
    ],
    { cwd: join(__dirname, '../../..') },
  ).then(
    ({ stdout }) => stdout,
    (error: { stdout: string }) => error.stdout,
  );

describe('createRootLogger on stdout', () => {
  const messages = (stdout: string) => stdout.trim().split('\n').map((line) => (JSON.parse(line) as { msg: string }).msg);

  it.each([
    ['a graceful exit', 'process.exit(0)'],
    ['an uncaught exception that ends the process', 'setTimeout(() => { throw new Error("boom"); }, 10)'],
    ['an idle process killed (SIGKILL) after the flush interval', 'setTimeout(() => process.kill(process.pid, "SIGKILL"), 1000)'],
  ])('writes every line, on %s', async (_case, ending) => {
    expect(messages(await logThenEnd(ending))).toEqual(['first', 'second']);
  });
});

describe('prettyLogStream', () => {
  let text = '';
  const terminal = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  const sut = createRootLogger({ level: 'info', destination: prettyLogStream(terminal) });
  // Colours or not depends on the terminal the tests run in.
  const lines = () => text.replace(/\x1b\[[0-9;]*m/g, '').trimEnd().split('\n');

  beforeEach(() => {
    text = '';
  });

  it('writes one readable line per entry: time, level, Nest context, message, the rest on the same line', () => {
    sut.warn({ context: 'Config', ticketId: '42' }, 'ADMIN_TOKEN is not set');

    expect(lines()).toEqual([expect.stringMatching(/^\[\d\d:\d\d:\d\d\.\d{3}\] WARN: \[Config\] ADMIN_TOKEN is not set \{"ticketId":"42"\}$/)]);
  });

  it('says a request as method, path, status and time, and still censors credentials', () => {
    sut.info({ requestId: 'r-1', req: { method: 'GET', path: '/' }, res: { statusCode: 200 }, responseTime: 3 }, 'request completed');
    sut.info({ zendesk: { apiToken: 'tok-secret' } }, 'call');

    expect(lines()[0]).toMatch(/INFO: request completed GET \/ 200 in 3 ms \{"requestId":"r-1"\}$/);
    expect(lines()[1]).toMatch(/INFO: call \{"zendesk":\{"apiToken":"\[redacted\]"\}\}$/);
    expect(text).not.toContain('tok-secret');
  });
});
