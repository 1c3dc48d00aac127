import { MemorySendRateLimiter } from './memory-send-rate-limiter.adapter.js';
import { CONTRACT_LIMITS, describeSendRateLimiterContract } from './send-rate-limiter.contract.js';

describeSendRateLimiterContract('MemorySendRateLimiter', (limits, now) => new MemorySendRateLimiter(limits, now));

describe('MemorySendRateLimiter', () => {
  it('forgets pair buckets once they are full again, so memory follows recent users', async () => {
    let nowMs = 0;
    const limiter = new MemorySendRateLimiter(CONTRACT_LIMITS, () => nowMs);
    for (let user = 0; user < 3; user++) await limiter.acquire(`1555000000${user}`, 60_000);
    expect(limiter.trackedRecipients).toBe(3);

    nowMs += 30_000; // the three buckets refilled 6 s after their send, but sweeps run once a minute
    await limiter.acquire('15559999999', 60_000);
    expect(limiter.trackedRecipients).toBe(4);

    nowMs += 30_000; // a minute since the last sweep: the three old buckets are full and dropped
    await limiter.acquire('15559999999', 60_000);
    expect(limiter.trackedRecipients).toBe(1);
  });
});
