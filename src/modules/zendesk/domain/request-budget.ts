// How Assist shares one Zendesk account's API among all its instances and callers: a request budget (token
// bucket), Retry-After pauses and a circuit breaker. Pure rules here; the shared state lives in PostgreSQL.

// Webhook work (a rep is waiting for the note) goes before the help-center sync (background).
export type RequestPriority = 'webhook' | 'sync';

// Zendesk Support's documented limit of the Growth and Professional plans; Team 200, Enterprise 700,
// High Volume add-on 2,500 (organization setting zendeskRequestsPerMinute).
export const DEFAULT_REQUESTS_PER_MINUTE = 400;
export const MIN_REQUESTS_PER_MINUTE = 10;
export const MAX_REQUESTS_PER_MINUTE = 10_000;

export interface GuardPolicy {
  // The bucket holds this many seconds of budget: a burst after a quiet spell is at most that.
  burstSeconds: number;
  // Sync may only take a token while the bucket is fuller than this share of it; webhook work may empty it.
  syncFloorShare: number;
  // Consecutive 5xx or network failures, each within `breakerWindowMs` of the previous, that open the breaker.
  breakerFailures: number;
  breakerWindowMs: number;
  // An open breaker lets nothing through for this long, then one probe request.
  coolDownMs: number;
  // Upper bound on any Retry-After we honour: a misbehaving proxy cannot stop us for hours.
  maxPauseMs: number;
  // A 429 without Retry-After (Zendesk always sends one; proxies may not) pauses this long.
  defaultPauseMs: number;
  // A webhook job waits this long at most in its worker; longer, it is deferred and its worker freed.
  maxInlineWaitMs: number;
}

export const DEFAULT_GUARD_POLICY: GuardPolicy = {
  burstSeconds: 10,
  syncFloorShare: 0.5,
  breakerFailures: 5,
  breakerWindowMs: 60_000,
  coolDownMs: 30_000,
  maxPauseMs: 15 * 60_000,
  defaultPauseMs: 10_000,
  maxInlineWaitMs: 3_000,
};

// A token bucket: `capacity` tokens at most, refilled at `perSecond`; a caller takes one per request
// only if at least `floor` remain afterwards.
export interface Bucket {
  capacity: number;
  perSecond: number;
  floor: number;
}

export function bucketFor(requestsPerMinute: number | undefined, priority: RequestPriority, policy: GuardPolicy): Bucket {
  const perSecond = (requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE) / 60;
  const capacity = Math.max(1, perSecond * policy.burstSeconds);
  return { capacity, perSecond, floor: priority === 'sync' ? capacity * policy.syncFloorShare : 0 };
}

// What the shared state said to one caller: send now, or how long until it might.
export type Verdict = 'go' | 'paused' | 'open' | 'budget';

export interface Admission {
  verdict: Verdict;
  waitMs: number;
  // This request is the half-open breaker's one probe: its answer closes or re-opens the breaker.
  probe: boolean;
}

export type NextStep = { kind: 'send' } | { kind: 'wait'; ms: number } | { kind: 'defer'; until: Date };

// Short waits are slept through; a webhook job facing a long one is deferred so its worker serves others.
// Sync has a worker of its own per organization and waits (never past the pause bound).
export function nextStep(admission: Admission, priority: RequestPriority, policy: GuardPolicy, now: Date): NextStep {
  if (admission.verdict === 'go') return { kind: 'send' };
  const ms = Math.max(1, Math.ceil(admission.waitMs));
  if (priority === 'webhook' && ms > policy.maxInlineWaitMs) return { kind: 'defer', until: new Date(now.getTime() + ms) };
  return { kind: 'wait', ms: Math.min(ms, policy.maxPauseMs) };
}

// What an answer (or its absence) tells the breaker: 5xx and network failures count against the account;
// any other answer shows Zendesk is up; 429 is throttling, which the pause handles, not the breaker.
export type Health = 'up' | 'down' | 'throttled';

export function healthOf(status: number | 'network'): Health {
  if (status === 'network' || status >= 500) return 'down';
  return status === 429 ? 'throttled' : 'up';
}

// How long every caller of the account must stay silent after this answer, or null. A 429 always pauses
// (Zendesk sends Retry-After with it); a 503 pauses when it says for how long. Honoured in full up to maxPauseMs.
export function pauseAfter(status: number | 'network', retryAfter: string | null, now: Date, policy: GuardPolicy): number | null {
  const said = parseRetryAfter(retryAfter, now);
  if (status === 429) return Math.min(said ?? policy.defaultPauseMs, policy.maxPauseMs);
  if (status === 503 && said !== null) return Math.min(said, policy.maxPauseMs);
  return null;
}

// Seconds or an HTTP date, as RFC 9110 allows; null when absent or unreadable.
export function parseRetryAfter(header: string | null, now: Date): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now.getTime());
}

// One account is one Zendesk host: organizations pointing at the same account share its budget.
export function accountKey(baseUrl: string): string {
  return new URL(baseUrl).host.toLowerCase();
}
