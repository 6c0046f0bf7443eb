import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../../config/app-config';
import { DatabaseLocation } from '../../../shared/database/database.module';
import { queryPreparedOnPool, UNFLUSHED_COMMIT, unflushedCommit } from '../../../shared/database/prepared-statement';
import { metrics } from '../../../shared/observability/metrics';
import { Answer, Permit, RequestGuard } from '../application/ports/request-guard';
import { accountKey, Admission, bucketFor, GuardPolicy, healthOf, nextStep, pauseAfter, RequestPriority } from '../domain/request-budget';
import { ZendeskAccount } from '../domain/ticket';
import { ZendeskError, ZendeskErrorCode } from '../domain/zendesk.error';

// One row per Zendesk account in `zendesk_account_guards`, read and written in single statements under its
// row lock, so every instance takes from the same bucket and sees the same pause and breaker.
@Injectable()
export class PostgresRequestGuard extends RequestGuard {
  private readonly logger = new Logger('ZendeskGuard');
  private readonly known = new Set<string>();
  // Permits given while the account had no failure counted and no breaker: their success has nothing to reset.
  // A failure recorded by another caller meanwhile is reset by the next request sent after it, not by this one.
  private readonly clean = new WeakSet<Permit>();
  private readonly policy: GuardPolicy;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    config: AppConfig,
    private readonly location: DatabaseLocation,
  ) {
    super();
    this.policy = config.zendeskGuardPolicy;
  }

  async acquire(account: ZendeskAccount, priority: RequestPriority): Promise<Permit> {
    const key = accountKey(account.baseUrl);
    await this.ensureRow(key);
    const bucket = bucketFor(account.requestsPerMinute, priority, this.policy);
    for (;;) {
      const admission = await this.admit(key, bucket.capacity, bucket.perSecond, bucket.floor);
      if (!admission) {
        // The row went away under us (an operator's cleanup): start the account afresh.
        this.known.delete(key);
        await this.ensureRow(key);
        continue;
      }
      const step = nextStep(admission, priority, this.policy, new Date());
      if (step.kind === 'send') {
        if (admission.probe) metrics.zendeskGuardEvent('probe');
        const permit = { probe: admission.probe };
        if (admission.clean) this.clean.add(permit);
        return permit;
      }
      if (step.kind === 'defer') {
        metrics.zendeskGuardEvent('deferred');
        throw new ZendeskError(ZendeskErrorCode.Unavailable, `Zendesk ${key}: ${describe(admission)}; deferred until ${step.until.toISOString()}`, undefined, step.until);
      }
      metrics.zendeskGuardEvent(admission.verdict === 'budget' ? 'budget_wait' : 'pause_wait');
      if (admission.verdict !== 'budget') this.logger.warn(`Zendesk ${key}: ${describe(admission)}; waiting ${step.ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, step.ms));
    }
  }

  async settle(account: ZendeskAccount, permit: Permit, answer: Answer): Promise<void> {
    const key = accountKey(account.baseUrl);
    const pauseMs = pauseAfter(answer.status, answer.retryAfter, new Date(), this.policy);
    const health = healthOf(answer.status);
    if (health === 'up' && !permit.probe && pauseMs === null) {
      if (this.clean.has(permit)) return;
      // Kept to one cheap statement that writes only when there is something to reset.
      await this.db.query(
        `UPDATE zendesk_account_guards SET failures = 0, open_until = NULL WHERE account = $1 AND (failures > 0 OR open_until IS NOT NULL)`,
        [key],
      );
      return;
    }
    const [[row]]: [{ open_until: Date | null; failures: number }[]] = await this.db.query(
      `UPDATE zendesk_account_guards g SET
         paused_until = CASE WHEN $2::float8 IS NULL THEN g.paused_until
                             ELSE greatest(coalesce(g.paused_until, now()), now() + $2::float8 * interval '1 millisecond') END,
         failures = CASE $3 WHEN 'up' THEN 0
                            WHEN 'down' THEN CASE WHEN g.failed_at > now() - $5::float8 * interval '1 millisecond' THEN g.failures ELSE 0 END + 1
                            ELSE g.failures END,
         failed_at = CASE WHEN $3 = 'down' THEN now() ELSE g.failed_at END,
         open_until = CASE
           WHEN $3 = 'up' THEN NULL
           WHEN $3 = 'down' AND ($7 OR CASE WHEN g.failed_at > now() - $5::float8 * interval '1 millisecond' THEN g.failures ELSE 0 END + 1 >= $4)
             THEN greatest(g.open_until, now() + $6::float8 * interval '1 millisecond')
           ELSE g.open_until END
       WHERE account = $1
       RETURNING open_until, failures`,
      [key, pauseMs, health, this.policy.breakerFailures, this.policy.breakerWindowMs, this.policy.coolDownMs, permit.probe],
    );
    if (pauseMs !== null) {
      metrics.zendeskGuardEvent('paused');
      this.logger.warn(`Zendesk ${key}: HTTP ${answer.status}; every caller pauses ${pauseMs} ms`);
    }
    if (health === 'down' && row?.open_until) {
      metrics.zendeskGuardEvent('breaker_open');
      this.logger.warn(`Zendesk ${key}: breaker open until ${row.open_until.toISOString()} (${row.failures} failures)`);
    }
    if (health === 'up' && permit.probe) this.logger.log(`Zendesk ${key}: probe answered; breaker closed`);
  }

  // Refill, then decide and take a token, in one statement under the row lock. A breaker whose cool-down
  // has passed lets exactly one caller through: taking the probe re-arms the cool-down for everyone else.
  // Committed without waiting for the WAL flush (synchronous_commit off for this statement only; ~0.15 ms of the
  // database's CPU a call, 3 calls a ticket): its rows are seen by every caller at once, and a crash of the database
  // can lose only the last few hundred milliseconds of token takes and probe re-arms, never other writes (the WAL
  // is flushed in order, so any later flushed commit keeps them). What that loss costs is a few requests more than
  // the budget, which Zendesk answers with a 429 and a pause, and at most one extra probe of an open breaker.
  private async admit(key: string, capacity: number, perSecond: number, floor: number): Promise<(Admission & { clean: boolean }) | null> {
    const [[row]] = await queryPreparedOnPool<[{ verdict: Admission['verdict']; wait_ms: number; probe: boolean; clean: boolean }[]]>(
      this.db,
      this.location,
      `WITH ${unflushedCommit}, cur AS (
         SELECT account, paused_until, open_until,
                least($2::float8, tokens + extract(epoch FROM now() - refilled_at) * $3::float8) AS avail
           FROM zendesk_account_guards WHERE account = $1 FOR UPDATE
       ), v AS (
         SELECT cur.*, CASE
                  WHEN paused_until > now() THEN 'paused'
                  WHEN open_until > now() THEN 'open'
                  WHEN avail - 1 < $4::float8 THEN 'budget'
                  ELSE 'go' END AS verdict
           FROM cur
       )
       UPDATE zendesk_account_guards g SET
         tokens = CASE WHEN v.verdict = 'go' THEN v.avail - 1 ELSE v.avail END,
         refilled_at = now(),
         open_until = CASE WHEN v.verdict = 'go' AND v.open_until IS NOT NULL
                           THEN now() + $5::float8 * interval '1 millisecond' ELSE g.open_until END
         FROM v, ${UNFLUSHED_COMMIT} WHERE g.account = v.account
       RETURNING v.verdict, (v.verdict = 'go' AND v.open_until IS NOT NULL) AS probe, (g.failures = 0 AND g.open_until IS NULL) AS clean,
         CASE v.verdict
           WHEN 'paused' THEN extract(epoch FROM v.paused_until - now()) * 1000
           WHEN 'open' THEN extract(epoch FROM v.open_until - now()) * 1000
           WHEN 'budget' THEN ($4::float8 + 1 - v.avail) / $3::float8 * 1000
           ELSE 0 END::float8 AS wait_ms`,
      [key, capacity, perSecond, floor, this.policy.coolDownMs],
    );
    return row ? { verdict: row.verdict, waitMs: Number(row.wait_ms), probe: row.probe, clean: row.clean } : null;
  }

  private async ensureRow(key: string): Promise<void> {
    if (this.known.has(key)) return;
    // A new row's refilled_at is a day ago: its first refill fills the bucket.
    await this.db.query(`INSERT INTO zendesk_account_guards (account) VALUES ($1) ON CONFLICT DO NOTHING`, [key]);
    this.known.add(key);
  }
}

function describe(admission: Admission): string {
  switch (admission.verdict) {
    case 'paused':
      return 'paused by Retry-After';
    case 'open':
      return 'circuit breaker open';
    case 'budget':
      return 'request budget spent';
    case 'go':
      return 'go';
  }
}
