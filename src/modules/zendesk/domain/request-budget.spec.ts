import { accountKey, Admission, bucketFor, DEFAULT_GUARD_POLICY, healthOf, nextStep, parseRetryAfter, pauseAfter } from './request-budget';

const policy = DEFAULT_GUARD_POLICY;
const now = new Date('2026-11-30T10:00:00Z');

describe('Zendesk request budget rules', () => {
  it.each([
    // requests per minute, priority, capacity, per second, floor
    [undefined, 'webhook', 400 / 6, 400 / 60, 0],
    [200, 'webhook', 200 / 6, 200 / 60, 0],
    [700, 'sync', 700 / 6, 700 / 60, 700 / 12],
    [2500, 'sync', 2500 / 6, 2500 / 60, 2500 / 12],
    [10, 'webhook', 10 / 6, 10 / 60, 0],
  ] as const)('%s requests/minute for %s work: a bucket of %d, refilled at %d/s, floor %d', (perMinute, priority, capacity, perSecond, floor) => {
    const bucket = bucketFor(perMinute, priority, policy);
    expect(bucket.capacity).toBeCloseTo(capacity);
    expect(bucket.perSecond).toBeCloseTo(perSecond);
    expect(bucket.floor).toBeCloseTo(floor);
  });

  it.each<[string, Admission, 'webhook' | 'sync', ReturnType<typeof nextStep>]>([
    ['go', { verdict: 'go', waitMs: 0, probe: false }, 'webhook', { kind: 'send' }],
    ['the probe', { verdict: 'go', waitMs: 0, probe: true }, 'webhook', { kind: 'send' }],
    ['a spent budget, briefly', { verdict: 'budget', waitMs: 150, probe: false }, 'webhook', { kind: 'wait', ms: 150 }],
    ['a short pause', { verdict: 'paused', waitMs: 2_999.2, probe: false }, 'webhook', { kind: 'wait', ms: 3_000 }],
    ['a long pause', { verdict: 'paused', waitMs: 90_000, probe: false }, 'webhook', { kind: 'defer', until: new Date(now.getTime() + 90_000) }],
    ['an open breaker', { verdict: 'open', waitMs: 30_000, probe: false }, 'webhook', { kind: 'defer', until: new Date(now.getTime() + 30_000) }],
    ['an open breaker, for sync', { verdict: 'open', waitMs: 30_000, probe: false }, 'sync', { kind: 'wait', ms: 30_000 }],
    ['a pause past the bound, for sync', { verdict: 'paused', waitMs: 3_600_000, probe: false }, 'sync', { kind: 'wait', ms: 900_000 }],
  ])('%s → %j', (_, admission, priority, step) => {
    expect(nextStep(admission, priority, policy, now)).toEqual(step);
  });

  it.each([
    [200, 'up'],
    [404, 'up'],
    [409, 'up'],
    [429, 'throttled'],
    [500, 'down'],
    [503, 'down'],
    ['network', 'down'],
  ] as const)('an answer of %s says Zendesk is %s', (status, health) => {
    expect(healthOf(status)).toBe(health);
  });

  it.each([
    // status, Retry-After, pause in ms
    [429, '90', 90_000],
    [429, '0', 0],
    [429, null, policy.defaultPauseMs],
    [429, '86400', policy.maxPauseMs],
    [429, 'Mon, 30 Nov 2026 10:01:00 GMT', 60_000],
    [503, '45', 45_000],
    [503, null, null],
    [500, '10', null],
    [200, '10', null],
    ['network', null, null],
  ] as const)('%s with Retry-After %s pauses the account %s ms', (status, header, pause) => {
    expect(pauseAfter(status, header, now, policy)).toBe(pause);
  });

  it.each([
    ['120', 120_000],
    [' 1.5 ', 1_500],
    ['-3', 0],
    ['Mon, 30 Nov 2026 09:59:00 GMT', 0],
    ['soon', null],
    ['', null],
    [null, null],
  ])('Retry-After %j is %s ms', (header, ms) => {
    expect(parseRetryAfter(header, now)).toBe(ms);
  });

  it('keys an account by its host, whatever the path or case', () => {
    expect(accountKey('https://Acme.zendesk.com/')).toBe(accountKey('https://acme.zendesk.com'));
    expect(accountKey('http://127.0.0.1:4000')).toBe('127.0.0.1:4000');
  });
});
