import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { isConnectionLost } from './connection-lost';

const pgError = (code: string, message = 'error') => Object.assign(new Error(message), { code });

describe('isConnectionLost', () => {
  it.each([
    ['a terminated backend (57P01)', pgError('57P01', 'terminating connection due to administrator command')],
    ['a server starting up (57P03)', pgError('57P03', 'the database system is starting up')],
    ['a connection failure (08006)', pgError('08006')],
    ['a refused socket', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a socket closed under a query', new Error('Connection terminated unexpectedly')],
    ['a database closed to connections', pgError('55000', 'database "assist" is not currently accepting connections')],
    ['the same, wrapped by TypeORM', new QueryFailedError('SELECT 1', [], pgError('57P01'))],
    ["a transaction's statement after its connection broke", new QueryRunnerProviderAlreadyReleasedError()],
    ["a transaction's rollback after its connection broke", new QueryRunnerAlreadyReleasedError()],
  ])('is true for %s', (_, error) => {
    expect(isConnectionLost(error)).toBe(true);
  });

  it.each([
    ['a unique violation', pgError('23505', 'duplicate key value violates unique constraint')],
    ['another 55000', pgError('55000', 'currval of sequence "s" is not yet defined in this session')],
    ['a syntax error, wrapped', new QueryFailedError('SELEC 1', [], pgError('42601'))],
    ['a plain error', new Error('boom')],
    ['not an error', 'Connection terminated'],
  ])('is false for %s', (_, error) => {
    expect(isConnectionLost(error)).toBe(false);
  });
});
