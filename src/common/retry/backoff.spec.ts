import { backoffDelayMs, queueRetryDelayMs, redisReconnectDelayMs } from './backoff.js';

const options = { baseDelayMs: 1000, maxDelayMs: 15_000 };

describe('backoffDelayMs', () => {
  it('jitters the first retry into [base/2, base], so it always comes within 2 s', () => {
    expect(backoffDelayMs(1, { ...options, random: () => 0 })).toBe(500);
    expect(backoffDelayMs(1, { ...options, random: () => 0.999999 })).toBe(1000);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelayMs(1, options);
      expect(delay).toBeGreaterThanOrEqual(500);
      expect(delay).toBeLessThanOrEqual(1000);
    }
  });

  it.each`
    retry | low     | high
    ${1}  | ${500}  | ${1000}
    ${2}  | ${1000} | ${2000}
    ${3}  | ${2000} | ${4000}
    ${4}  | ${4000} | ${8000}
    ${5}  | ${7500} | ${15_000}
    ${9}  | ${7500} | ${15_000}
  `(
    'retry $retry waits between $low and $high ms (doubling, capped)',
    ({ retry, low, high }: { retry: number; low: number; high: number }) => {
      expect(backoffDelayMs(retry, { ...options, random: () => 0 })).toBe(low);
      expect(backoffDelayMs(retry, { ...options, random: () => 0.999999 })).toBe(high);
    },
  );

  it('never retries sooner than Retry-After', () => {
    expect(backoffDelayMs(1, { ...options, retryAfterSeconds: 1, random: () => 0 })).toBe(1000);
    expect(backoffDelayMs(1, { ...options, retryAfterSeconds: 5, random: () => 0.5 })).toBe(5000);
  });

  it('keeps the backoff when it is longer than Retry-After', () => {
    expect(backoffDelayMs(4, { ...options, retryAfterSeconds: 1, random: () => 0 })).toBe(4000);
  });

  it('does not lower a Retry-After beyond the cap (the caller decides whether to wait that long)', () => {
    expect(backoffDelayMs(1, { ...options, retryAfterSeconds: 60 })).toBe(60_000);
  });
});

describe('queueRetryDelayMs', () => {
  it('starts at the base and doubles, without jitter', () => {
    expect([1, 2, 3, 4].map((attempt) => queueRetryDelayMs(1000, attempt))).toEqual([1000, 2000, 4000, 8000]);
  });
});

describe('redisReconnectDelayMs', () => {
  it('stays between 50 ms and 1 s', () => {
    for (let attempt = 1; attempt <= 20; attempt += 1) {
      const delay = redisReconnectDelayMs(attempt);
      expect(delay).toBeGreaterThanOrEqual(50);
      expect(delay).toBeLessThanOrEqual(1000);
    }
  });
});
