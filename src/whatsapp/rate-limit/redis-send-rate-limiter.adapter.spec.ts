import { jest } from '@jest/globals';
import type { Redis } from 'ioredis';
import { deleteKeysWithPrefix, describeWithRedis, testRedis, uniquePrefix } from '../../testing/redis-test.js';
import { RedisSendRateLimiter } from './redis-send-rate-limiter.adapter.js';
import { CONTRACT_LIMITS, describeSendRateLimiterContract } from './send-rate-limiter.contract.js';

const describeRedis = await describeWithRedis();

/** Every key of this run lives under its own prefix and is deleted afterwards (the Redis is shared). */
const RUN_PREFIX = uniquePrefix('ratelimit');
const PHONE_ID = '106540352242922';
const MAX_WAIT_MS = 60_000;

describeRedis('RedisSendRateLimiter on the local Redis', () => {
  const redis: Redis = testRedis();
  let limiterCount = 0;
  /** Fresh budgets for each limiter: a prefix of its own under the run's. */
  const freshPrefix = () => `${RUN_PREFIX}${++limiterCount}:`;
  const limiter = (now?: () => number) =>
    new RedisSendRateLimiter(redis, {
      keyPrefix: freshPrefix(),
      phoneNumberId: PHONE_ID,
      limits: CONTRACT_LIMITS,
      now,
    });

  afterAll(async () => {
    await deleteKeysWithPrefix(redis, RUN_PREFIX);
    await redis.quit();
  });

  describeSendRateLimiterContract(
    'RedisSendRateLimiter',
    (limits, now) =>
      new RedisSendRateLimiter(redis, { keyPrefix: freshPrefix(), phoneNumberId: PHONE_ID, limits, now }),
  );

  it('shares the budgets between instances: what one takes, the other cannot', async () => {
    const keyPrefix = freshPrefix();
    const otherConnection = testRedis();
    try {
      const nowMs = 1_700_000_000_000;
      const options = { keyPrefix, phoneNumberId: PHONE_ID, limits: CONTRACT_LIMITS, now: () => nowMs };
      const first = new RedisSendRateLimiter(redis, options);
      const second = new RedisSendRateLimiter(otherConnection, options);

      // The pair's burst of 3, split between the two instances.
      expect(await first.acquire('15550000001', MAX_WAIT_MS)).toEqual({ granted: true, waitMs: 0 });
      expect(await second.acquire('15550000001', MAX_WAIT_MS)).toEqual({ granted: true, waitMs: 0 });
      expect(await first.acquire('15550000001', MAX_WAIT_MS)).toEqual({ granted: true, waitMs: 0 });
      expect(await second.acquire('15550000001', MAX_WAIT_MS)).toEqual({
        granted: false,
        waitMs: 6000,
        bucket: 'recipient',
      });
      // The number's 5 tokens: 3 gone, 2 left, then slots 200 ms apart whoever asks.
      expect(await second.acquire('15550000002', MAX_WAIT_MS)).toEqual({ granted: true, waitMs: 0 });
      expect(await first.acquire('15550000003', MAX_WAIT_MS)).toEqual({ granted: true, waitMs: 0 });
      expect(await second.acquire('15550000004', MAX_WAIT_MS)).toEqual({ granted: true, waitMs: 200 });
      expect(await first.acquire('15550000005', MAX_WAIT_MS)).toEqual({ granted: true, waitMs: 400 });
    } finally {
      await otherConnection.quit();
    }
  });

  it('decides the sends asked for at once in one script call, as one call each would', async () => {
    const nowMs = 1_700_000_000_000;
    const asks = ['15550000001', undefined, '15550000001', '15550000002', '15550000001', '15550000001', undefined];
    const sequential = limiter(() => nowMs);
    const oneByOne = [];
    for (const recipient of asks) oneByOne.push(await sequential.acquire(recipient, MAX_WAIT_MS));

    const batched = limiter(() => nowMs);
    const evalsha = jest.spyOn(redis, 'evalsha');
    try {
      const atOnce = await Promise.all(asks.map((recipient) => batched.acquire(recipient, MAX_WAIT_MS)));
      expect(atOnce).toEqual(oneByOne);
      // The first leaves alone; the six asked while it was out share the second call.
      expect(evalsha).toHaveBeenCalledTimes(2);
    } finally {
      evalsha.mockRestore();
    }
    // A burst of 3 to the first user, then its pair wait; the number's 5 tokens, then slots 200 ms apart.
    expect(oneByOne).toEqual([
      { granted: true, waitMs: 0 },
      { granted: true, waitMs: 0 },
      { granted: true, waitMs: 0 },
      { granted: true, waitMs: 0 },
      { granted: true, waitMs: 0 },
      { granted: false, waitMs: 6000, bucket: 'recipient' },
      { granted: true, waitMs: 200 },
    ]);
  });

  it('keeps its keys under REDIS_PREFIX and lets them expire when the bucket would be full again', async () => {
    const subject = limiter();
    await subject.acquire('15550000001', MAX_WAIT_MS);

    expect(subject.numberBucketKey).toMatch(new RegExp(`^${RUN_PREFIX}\\d+:ratelimit:\\{${PHONE_ID}\\}:number$`));
    expect(subject.pairKey('15550000001')).toBe(subject.numberBucketKey.replace(/number$/, 'pair:15550000001'));
    // One token short: the pair refills in one interval (6 s), the number in 200 ms (5 per second).
    const pairTtl = await redis.pttl(subject.pairKey('15550000001'));
    expect(pairTtl).toBeGreaterThan(5000);
    expect(pairTtl).toBeLessThanOrEqual(6000);
    const numberTtl = await redis.pttl(subject.numberBucketKey);
    expect(numberTtl).toBeGreaterThan(0);
    expect(numberTtl).toBeLessThanOrEqual(200);
  });

  it('reads a bucket left as a hash by an earlier version as full once, then keeps it as a string', async () => {
    const subject = limiter();
    await redis.hset(subject.numberBucketKey, 'tokens', '0', 'at', String(Date.now()));
    expect(await subject.acquire('15550000001', MAX_WAIT_MS)).toEqual({ granted: true, waitMs: 0 });
    expect(await redis.type(subject.numberBucketKey)).toBe('string');
  });

  it("uses Redis's clock when no clock is injected, so instances with skewed clocks agree", async () => {
    const subject = limiter();
    for (let i = 0; i < 3; i++) expect((await subject.acquire('15550000001', MAX_WAIT_MS)).granted).toBe(true);
    const refused = await subject.acquire('15550000001', MAX_WAIT_MS);
    expect(refused).toMatchObject({ granted: false, bucket: 'recipient' });
    // Only the milliseconds between the calls may have been earned back.
    expect(refused.waitMs).toBeGreaterThan(5000);
    expect(refused.waitMs).toBeLessThanOrEqual(6000);
  });

  it('sends the script in full when Redis does not know it (after a restart or SCRIPT FLUSH)', async () => {
    const subject = limiter();
    const evalsha = jest
      .spyOn(redis, 'evalsha')
      .mockRejectedValueOnce(new Error('NOSCRIPT No matching script. Please use EVAL.'));
    try {
      expect(await subject.acquire('15550000001', MAX_WAIT_MS)).toEqual({ granted: true, waitMs: 0 });
      expect(await redis.exists(subject.pairKey('15550000001'))).toBe(1);
    } finally {
      evalsha.mockRestore();
    }
  });

  it('lets other Redis errors through (the transport decides what to do without a limiter)', async () => {
    const subject = limiter();
    const evalsha = jest.spyOn(redis, 'evalsha').mockRejectedValueOnce(new Error('Connection is closed.'));
    try {
      await expect(subject.acquire('15550000001', MAX_WAIT_MS)).rejects.toThrow('Connection is closed.');
    } finally {
      evalsha.mockRestore();
    }
  });
});
