import { randomUUID } from 'node:crypto';
import { PostgresCommentClaims } from '../../src/modules/dedupe/infrastructure/postgres-comment-claims';
import { createMigratedDatabase, insertOrganization, locationOf, MigratedDatabase } from '../support/test-data-source';

describe('PostgresCommentClaims (real PostgreSQL)', () => {
  let db: MigratedDatabase;
  let sut: PostgresCommentClaims;
  let organizationId: string;

  beforeAll(async () => {
    db = await createMigratedDatabase();
    sut = new PostgresCommentClaims(db.dataSource, await locationOf(db));
    organizationId = await insertOrganization(db.dataSource);
  });
  afterAll(() => db.close());

  const claim = (commentId: string, eventId = randomUUID()) => ({
    organizationId,
    ticketId: '42',
    commentId,
    eventId,
    windowHours: 48,
  });

  it('lets exactly one of many concurrent redeliveries win', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => sut.claim(claim('c-concurrent'))));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('lets the owning event claim again (its own retries) but nobody else', async () => {
    const owner = claim('c-retry');
    expect(await sut.claim(owner)).toBe(true);
    expect(await sut.claim(owner)).toBe(true);
    expect(await sut.claim(claim('c-retry'))).toBe(false);
  });

  it('frees the comment once the window has passed', async () => {
    expect(await sut.claim(claim('c-old'))).toBe(true);
    await db.dataSource.query(`UPDATE comment_claims SET claimed_at = now() - interval '49 hours' WHERE comment_id = 'c-old'`);
    expect(await sut.claim(claim('c-old'))).toBe(true);
    expect(await sut.claim({ ...claim('c-old'), windowHours: 48 })).toBe(false);
  });

  it('honours a shorter window per organization', async () => {
    expect(await sut.claim(claim('c-short'))).toBe(true);
    await db.dataSource.query(`UPDATE comment_claims SET claimed_at = now() - interval '2 hours' WHERE comment_id = 'c-short'`);
    expect(await sut.claim({ ...claim('c-short'), windowHours: 1 })).toBe(true);
  });

  it('gives a released comment back', async () => {
    const owner = claim('c-release');
    expect(await sut.claim(owner)).toBe(true);
    await sut.release({ organizationId, ticketId: '42', commentId: 'c-release', eventId: randomUUID() });
    expect(await sut.claim(claim('c-release'))).toBe(false);
    await sut.release(owner);
    expect(await sut.claim(claim('c-release'))).toBe(true);
  });
});
