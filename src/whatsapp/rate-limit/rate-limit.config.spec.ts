import { InvalidEnvironmentError } from '../../common/config/validate-env.js';
import { bucketLimits, loadRateLimitConfig } from './rate-limit.config.js';

describe('loadRateLimitConfig', () => {
  it("defaults to Meta's limits: 80 messages/s per number; per user a burst of 10, then one every 6 s", () => {
    expect(loadRateLimitConfig({})).toEqual({ perSecond: 80, pairBurst: 10, pairIntervalMs: 6000, maxWaitMs: 60_000 });
  });

  it('reads every variable', () => {
    expect(
      loadRateLimitConfig({
        RATE_LIMIT_PER_SECOND: '1000',
        RATE_LIMIT_PAIR_BURST: '45',
        RATE_LIMIT_PAIR_INTERVAL_MS: '7000',
        RATE_LIMIT_MAX_WAIT_MS: '0',
      }),
    ).toEqual({ perSecond: 1000, pairBurst: 45, pairIntervalMs: 7000, maxWaitMs: 0 });
  });

  it.each`
    name                             | value
    ${'RATE_LIMIT_PER_SECOND'}       | ${'0'}
    ${'RATE_LIMIT_PER_SECOND'}       | ${'eighty'}
    ${'RATE_LIMIT_PER_SECOND'}       | ${'2.5'}
    ${'RATE_LIMIT_PAIR_BURST'}       | ${'0'}
    ${'RATE_LIMIT_PAIR_BURST'}       | ${'46'}
    ${'RATE_LIMIT_PAIR_INTERVAL_MS'} | ${'0'}
    ${'RATE_LIMIT_MAX_WAIT_MS'}      | ${'-1'}
  `('refuses $name=$value, naming the variable', ({ name, value }: { name: string; value: string }) => {
    expect(() => loadRateLimitConfig({ [name]: value })).toThrow(InvalidEnvironmentError);
    expect(() => loadRateLimitConfig({ [name]: value })).toThrow(name);
  });
});

describe('bucketLimits', () => {
  it("gives the number one second's burst and the pair its burst and interval", () => {
    expect(bucketLimits({ perSecond: 80, pairBurst: 10, pairIntervalMs: 6000 })).toEqual({
      number: { capacity: 80, intervalMs: 12.5 },
      recipient: { capacity: 10, intervalMs: 6000 },
    });
  });
});
