import { Writable } from 'node:stream';
import { withLogContext } from './log-context';
import { createRootLogger } from './logger';

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
