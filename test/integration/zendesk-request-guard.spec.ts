import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../src/config/app-config';
import { Permit } from '../../src/modules/zendesk/application/ports/request-guard';
import { ZendeskAccount } from '../../src/modules/zendesk/domain/ticket';
import { ZendeskError, ZendeskErrorCode } from '../../src/modules/zendesk/domain/zendesk.error';
import { PostgresRequestGuard } from '../../src/modules/zendesk/infrastructure/postgres-request-guard';
import { createMigratedDatabase, locationOf, MigratedDatabase } from '../support/test-data-source';

// Two guards on one database stand for two app instances: whatever one records, the other obeys.
describe('PostgresRequestGuard: one budget, pause and breaker per Zendesk account (real PostgreSQL)', () => {
  let db: MigratedDatabase;
  let one: PostgresRequestGuard;
  let other: PostgresRequestGuard;
  let accounts = 0;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    db = await createMigratedDatabase();
    const config = AppConfig.load({ NODE_ENV: 'test', ZENDESK_BREAKER_FAILURES: '3', ZENDESK_BREAKER_COOLDOWN_SECONDS: '1' });
    const location = await locationOf(db);
    one = new PostgresRequestGuard(db.dataSource, config, location);
    other = new PostgresRequestGuard(db.dataSource, config, location);
  });
  afterAll(() => db.close());

  const newAccount = (requestsPerMinute?: number): ZendeskAccount => ({
    baseUrl: `https://account${++accounts}.zendesk.com`,
    email: 'agent@example.com',
    apiToken: 'token',
    requestsPerMinute,
  });
  const deferral = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected a deferral');
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(ZendeskError);
        expect(error).toMatchObject({ code: ZendeskErrorCode.Unavailable, transient: true });
        return (error as ZendeskError).retryAt!;
      },
    );
  const tokens = async (account: ZendeskAccount) =>
    Number((await db.dataSource.query(`SELECT tokens FROM zendesk_account_guards WHERE account = $1`, [new URL(account.baseUrl).host]))[0].tokens);
  const settled = (account: ZendeskAccount, permit: Permit, status: number | 'network', retryAfter: string | null = null) =>
    one.settle(account, permit, { status, retryAfter });
  const noProbe: Permit = { probe: false };

  it('counts every instance’s requests against one bucket, and defers a webhook job whose next token is far off', async () => {
    // 60 a minute: a bucket of 10 (ten seconds' worth), one more each second.
    const account = newAccount(60);
    const permits = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? one : other).acquire(account, 'webhook')));
    expect(permits).toHaveLength(10);
    expect(await tokens(account)).toBeLessThan(1);

    const slow = newAccount(6); // one token per ten seconds
    await one.acquire(slow, 'webhook');
    const retryAt = await deferral(other.acquire(slow, 'webhook'));
    expect(retryAt.getTime() - Date.now()).toBeGreaterThan(3_000);
    expect(retryAt.getTime() - Date.now()).toBeLessThanOrEqual(10_000);
  });

  it('lets sync use only the upper half of the bucket: webhook work still finds tokens when sync has stopped', async () => {
    // 12 a minute: a bucket of 2, one more every five seconds, so a busy machine cannot refill it mid-test.
    // Sync may take a token only while one stays behind.
    const account = newAccount(12);
    await one.acquire(account, 'sync');
    let syncSent = false;
    const waitingSync = other.acquire(account, 'sync').then(() => (syncSent = true));
    await one.acquire(account, 'webhook');
    expect(syncSent).toBe(false);
    expect(await tokens(account)).toBeLessThan(1);
    await waitingSync;
  });

  it('pauses every caller of the account for a Retry-After, however long, and only that account', async () => {
    const account = newAccount();
    const bystander = newAccount();
    await settled(account, await one.acquire(account, 'webhook'), 429, '90');

    const retryAt = await deferral(other.acquire(account, 'webhook'));
    expect(retryAt.getTime() - Date.now()).toBeGreaterThan(85_000);
    expect(retryAt.getTime() - Date.now()).toBeLessThanOrEqual(90_000);
    await expect(other.acquire(bystander, 'webhook')).resolves.toEqual({ probe: false });

    // A 503 that says how long it will last pauses too; a shorter later Retry-After never shortens a pause.
    await settled(account, noProbe, 503, '5');
    expect((await deferral(one.acquire(account, 'webhook'))).getTime()).toBeGreaterThanOrEqual(retryAt.getTime() - 50);
  });

  it('opens the breaker after consecutive failures, lets one probe through after the cool-down, and closes on its answer', async () => {
    const account = newAccount();
    for (const status of [500, 'network', 502] as const) await settled(account, await one.acquire(account, 'webhook'), status);

    // Five callers on two instances: one probe, the others wait behind its re-armed cool-down.
    const callers = Array.from({ length: 5 }, (_, i) => (i % 2 ? one : other).acquire(account, 'webhook'));
    const probe = await Promise.race(callers);
    expect(probe).toEqual({ probe: true });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const granted = (await db.dataSource.query(`SELECT open_until > now() AS open FROM zendesk_account_guards WHERE account = $1`, [new URL(account.baseUrl).host]))[0];
    expect(granted.open).toBe(true);

    await settled(account, probe, 200);
    const all = await Promise.all(callers);
    expect(all.filter((permit) => permit.probe)).toHaveLength(1);
  });

  it('resets the failure count on the success of a request sent after a failure, not of one sent before it', async () => {
    const account = newAccount();
    const failures = async () =>
      Number((await db.dataSource.query(`SELECT failures FROM zendesk_account_guards WHERE account = $1`, [new URL(account.baseUrl).host]))[0].failures);
    const sentBefore = await one.acquire(account, 'webhook');
    await settled(account, await other.acquire(account, 'webhook'), 503);
    await settled(account, sentBefore, 200);
    expect(await failures()).toBe(1);
    await settled(account, await other.acquire(account, 'webhook'), 200);
    expect(await failures()).toBe(0);
  });

  it('re-opens the breaker for a whole cool-down when the probe fails; a 4xx answer resets the failure count', async () => {
    const account = newAccount();
    await settled(account, await one.acquire(account, 'webhook'), 503);
    await settled(account, noProbe, 503);
    await settled(account, noProbe, 404);
    await settled(account, noProbe, 503);
    // Two failures since the 404: still closed.
    await expect(one.acquire(account, 'webhook')).resolves.toEqual({ probe: false });
    await settled(account, noProbe, 503);
    await settled(account, noProbe, 'network');

    const probe = await other.acquire(account, 'webhook');
    expect(probe).toEqual({ probe: true });
    await settled(account, probe, 503);
    const [row] = await db.dataSource.query(
      `SELECT extract(epoch FROM open_until - now()) * 1000 AS ms FROM zendesk_account_guards WHERE account = $1`,
      [new URL(account.baseUrl).host],
    );
    expect(Number(row.ms)).toBeGreaterThan(900);
  });

  it('leaves the connection committing every later write with a WAL flush (its own commit waits for none)', async () => {
    // One pooled connection: the statement after the token's runs where the token was taken.
    const single = new DataSource({ type: 'postgres', url: db.database.url, extra: { max: 1 } });
    await single.initialize();
    try {
      const config = AppConfig.load({ NODE_ENV: 'test' });
      const guard = new PostgresRequestGuard(single, config, await locationOf(db));
      await guard.acquire(newAccount(), 'webhook');
      expect((await single.query(`SHOW synchronous_commit`))[0].synchronous_commit).toBe('on');
    } finally {
      await single.destroy();
    }
  });
});
