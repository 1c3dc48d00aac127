import { bucketLimits, type RateLimits } from './rate-limit.config.js';
import type { SendRateLimiter } from './send-rate-limiter.port.js';

/** Small limits so the cases stay readable: 5 messages/s per number; per user a burst of 3, then one every 6 s. */
export const CONTRACT_LIMITS: RateLimits = bucketLimits({ perSecond: 5, pairBurst: 3, pairIntervalMs: 6000 });

const T0 = 1_700_000_000_000;
const MAX_WAIT_MS = 60_000;

/** A clock the test moves by hand. */
export interface ManualClock {
  nowMs: number;
}

/** Builds a limiter with `limits` that reads `clock` (fresh budgets for every test). */
export type MakeSendRateLimiter = (limits: RateLimits, now: () => number) => SendRateLimiter | Promise<SendRateLimiter>;

/**
 * The behaviour every `SendRateLimiter` shares, run against the memory adapter and against the Redis adapter
 * on the real local Redis. The clock is injected, so waits are asserted as computed values, never timed.
 */
export function describeSendRateLimiterContract(name: string, make: MakeSendRateLimiter): void {
  describe(`${name} (SendRateLimiter contract)`, () => {
    let clock: ManualClock;
    let limiter: SendRateLimiter;

    beforeEach(async () => {
      clock = { nowMs: T0 };
      limiter = await make(CONTRACT_LIMITS, () => clock.nowMs);
    });

    it('lets a burst reach one user at once, then names the pair interval as the wait', async () => {
      const decisions = [];
      for (let i = 0; i < 4; i++) decisions.push(await limiter.acquire('15550000001', MAX_WAIT_MS));
      expect(decisions).toEqual([
        { granted: true, waitMs: 0 },
        { granted: true, waitMs: 0 },
        { granted: true, waitMs: 0 },
        { granted: false, waitMs: 6000, bucket: 'recipient' },
      ]);
    });

    it('after the burst, allows one message per interval to that user', async () => {
      for (let i = 0; i < 3; i++) await limiter.acquire('15550000001', MAX_WAIT_MS);
      clock.nowMs += 4000;
      expect(await limiter.acquire('15550000001', MAX_WAIT_MS)).toEqual({
        granted: false,
        waitMs: 2000,
        bucket: 'recipient',
      });
      clock.nowMs += 2000;
      expect(await limiter.acquire('15550000001', MAX_WAIT_MS)).toEqual({ granted: true, waitMs: 0 });
      expect(await limiter.acquire('15550000001', MAX_WAIT_MS)).toEqual({
        granted: false,
        waitMs: 6000,
        bucket: 'recipient',
      });
    });

    it("does not hold other users back when one user's pair budget is spent", async () => {
      for (let i = 0; i < 3; i++) await limiter.acquire('15550000001', MAX_WAIT_MS);
      expect(await limiter.acquire('15550000002', MAX_WAIT_MS)).toEqual({ granted: true, waitMs: 0 });
    });

    it('takes nothing from the number when the pair refuses', async () => {
      for (let i = 0; i < 3; i++) await limiter.acquire('15550000001', MAX_WAIT_MS);
      for (let i = 0; i < 3; i++) await limiter.acquire('15550000001', MAX_WAIT_MS); // refused three times
      // 3 of the number's 5 tokens are gone, not 6: two more go at once.
      expect(await limiter.acquire('15550000002', MAX_WAIT_MS)).toEqual({ granted: true, waitMs: 0 });
      expect(await limiter.acquire('15550000003', MAX_WAIT_MS)).toEqual({ granted: true, waitMs: 0 });
      expect(await limiter.acquire('15550000004', MAX_WAIT_MS)).toEqual({ granted: true, waitMs: 200 });
    });

    it("spaces sends to many users at the number's rate, each reserving the next slot", async () => {
      const waits = [];
      for (let user = 0; user < 8; user++) {
        const decision = await limiter.acquire(`1555100000${user}`, MAX_WAIT_MS);
        waits.push(decision.waitMs);
        expect(decision.granted).toBe(true);
      }
      expect(waits).toEqual([0, 0, 0, 0, 0, 200, 400, 600]);
    });

    it('refuses a slot beyond the max wait and keeps it free for the next caller', async () => {
      for (let user = 0; user < 5; user++) await limiter.acquire(`1555100000${user}`, MAX_WAIT_MS);
      expect(await limiter.acquire('15552000000', 100)).toEqual({ granted: false, waitMs: 200, bucket: 'number' });
      expect(await limiter.acquire('15552000001', MAX_WAIT_MS)).toEqual({ granted: true, waitMs: 200 });
      // The refused user's own budget was not touched either: a full burst is still there.
      clock.nowMs += 10_000;
      for (let i = 0; i < 3; i++) expect((await limiter.acquire('15552000000', MAX_WAIT_MS)).granted).toBe(true);
    });

    it("counts read receipts against the number only, not against the user's pair budget", async () => {
      for (let i = 0; i < 3; i++) await limiter.acquire('15550000001', MAX_WAIT_MS);
      expect(await limiter.acquire(undefined, MAX_WAIT_MS)).toEqual({ granted: true, waitMs: 0 });
      expect(await limiter.acquire(undefined, MAX_WAIT_MS)).toEqual({ granted: true, waitMs: 0 });
      // The number is spent now (3 + 2): the next receipt gets the next slot.
      expect(await limiter.acquire(undefined, MAX_WAIT_MS)).toEqual({ granted: true, waitMs: 200 });
    });

    it('refills over time up to the burst, no further', async () => {
      for (let i = 0; i < 3; i++) await limiter.acquire('15550000001', MAX_WAIT_MS);
      clock.nowMs += 10 * 60_000;
      const decisions = [];
      for (let i = 0; i < 4; i++) decisions.push((await limiter.acquire('15550000001', MAX_WAIT_MS)).granted);
      expect(decisions).toEqual([true, true, true, false]);
    });
  });
}
