import Fastify, { FastifyInstance } from 'fastify';
import { storage } from 'nestjs-pino/storage';
import { CapturedLog } from '../../../test/support/captured-log';
import { createRootLogger } from './logger';
import { registerRequestLogging, summarizeRequest } from './request-logging';

describe('registerRequestLogging', () => {
  let log: CapturedLog;
  let fastify: FastifyInstance;

  beforeAll(async () => {
    fastify = Fastify();
    log = new CapturedLog();
    registerRequestLogging(fastify, createRootLogger({ level: 'info', destination: log }));
    fastify.get('/working', async () => {
      storage.getStore()!.logger.info({ apiToken: 'tok', zendesk: { secret: 's' }, req: { method: 'GET', url: '/working?token=t', headers: { cookie: 'c' } } }, 'inside');
      return { ok: true };
    });
    fastify.post('/accepting', async (_request, reply) => {
      summarizeRequest('Accepted event e-1 for ticket 42');
      return reply.code(202).send({ accepted: true });
    });
    fastify.get('/failing', async (_request, reply) => reply.code(500).send({ failed: true }));
    await fastify.ready();
  });
  afterAll(() => fastify.close());
  beforeEach(() => (log.text = ''));

  const written = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    return log.entries();
  };

  it('logs each answered request once with its id; lines written while serving it carry the id and are censored', async () => {
    await fastify.inject({ method: 'GET', url: '/working?token=t', headers: { 'x-request-id': 'r-1' } });
    expect(await written()).toEqual([
      expect.objectContaining({ requestId: 'r-1', msg: 'inside', apiToken: '[redacted]', zendesk: { secret: '[redacted]' }, req: { method: 'GET', path: '/working' } }),
      expect.objectContaining({ requestId: 'r-1', msg: 'request completed', level: 'info', req: { method: 'GET', path: '/working' }, res: { statusCode: 200 } }),
    ]);
  });

  it("says what the request did on its own line when the handler summarized it, and nothing else", async () => {
    await fastify.inject({ method: 'POST', url: '/accepting', headers: { 'x-request-id': 'r-2' } });
    expect(await written()).toEqual([
      expect.objectContaining({ requestId: 'r-2', msg: 'Accepted event e-1 for ticket 42', req: { method: 'POST', path: '/accepting' }, res: { statusCode: 202 }, responseTime: expect.any(Number) }),
    ]);
  });

  it('logs a 5xx at error with the failure', async () => {
    await fastify.inject({ method: 'GET', url: '/failing', headers: { 'x-request-id': 'r-3' } });
    expect(await written()).toEqual([
      expect.objectContaining({ requestId: 'r-3', level: 'error', msg: 'request errored', res: { statusCode: 500 }, err: expect.objectContaining({ message: 'failed with status code 500' }) }),
    ]);
  });

  it('logs a 4xx at warn, and nothing under the probes\' paths', async () => {
    await fastify.inject({ method: 'GET', url: '/missing?token=t', headers: { 'x-request-id': 'r-4' } });
    await fastify.inject({ method: 'GET', url: '/health/missing' });
    expect(await written()).toEqual([
      expect.objectContaining({ requestId: 'r-4', level: 'warn', msg: 'request completed', req: { method: 'GET', path: '/missing' }, res: { statusCode: 404 } }),
    ]);
  });

  it('leaves summarizing to the caller outside a logged request', () => {
    expect(summarizeRequest('Accepted event e-2 for ticket 43')).toBe(false);
  });
});
