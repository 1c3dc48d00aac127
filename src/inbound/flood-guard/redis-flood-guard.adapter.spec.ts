import type { Redis } from 'ioredis';
import { deleteKeysWithPrefix, describeWithRedis, testRedis, uniquePrefix } from '../../testing/redis-test.js';
import { FLOOD_GUARD_SCRIPT_UNEXPECTED_REPLY } from '../../common/errors/error-messages.js';
import { describeFloodGuardContract } from './flood-guard.contract.js';
import { RedisFloodGuard } from './redis-flood-guard.adapter.js';

const describeRedis = await describeWithRedis();

/** Every key of this run lives under its own prefix and is deleted afterwards (the Redis is shared). */
const RUN_PREFIX = uniquePrefix('flood');

describeRedis('RedisFloodGuard on the local Redis', () => {
  const redis: Redis = testRedis();
  let guardCount = 0;
  /** A fresh budget for each guard: a prefix of its own under the run's. */
  const freshPrefix = () => `${RUN_PREFIX}${++guardCount}:`;

  afterAll(async () => {
    await deleteKeysWithPrefix(redis, RUN_PREFIX);
    await redis.quit();
  });

  describeFloodGuardContract(
    'RedisFloodGuard',
    (limitPerMinute, now) => new RedisFloodGuard(redis, { keyPrefix: freshPrefix(), limitPerMinute, now }),
  );

  it('shares one budget and one notice between instances on separate connections', async () => {
    const other = testRedis();
    try {
      const options = { keyPrefix: freshPrefix(), limitPerMinute: 3, now: () => 1_700_000_000_000 };
      const first = new RedisFloodGuard(redis, options);
      const second = new RedisFloodGuard(other, options);
      const verdicts = [
        await first.check('15550000001', 'wamid.1'),
        await second.check('15550000001', 'wamid.2'),
        await first.check('15550000001', 'wamid.3'),
        await second.check('15550000001', 'wamid.4'),
        await first.check('15550000001', 'wamid.5'),
      ];
      expect(verdicts).toEqual(['pass', 'pass', 'pass', 'drop-and-notify', 'drop']);
    } finally {
      await other.quit();
    }
  });

  it('lets exactly the limit through when many messages race from two connections', async () => {
    const other = testRedis();
    try {
      const options = { keyPrefix: freshPrefix(), limitPerMinute: 5 };
      const guards = [new RedisFloodGuard(redis, options), new RedisFloodGuard(other, options)];
      const verdicts = await Promise.all(
        Array.from({ length: 20 }, (_, i) => guards[i % 2].check('15550000001', `wamid.race${i}`)),
      );
      expect(verdicts.filter((verdict) => verdict === 'pass')).toHaveLength(5);
      expect(verdicts.filter((verdict) => verdict === 'drop-and-notify')).toHaveLength(1);
    } finally {
      await other.quit();
    }
  });

  it('keeps its keys under REDIS_PREFIX, in one cluster slot per user, expiring within a minute', async () => {
    const keyPrefix = freshPrefix();
    const guard = new RedisFloodGuard(redis, { keyPrefix, limitPerMinute: 1 });
    await guard.check('15550000001', 'wamid.1');
    await guard.check('15550000001', 'wamid.2');

    const keys = guard.keysOf('15550000001');
    expect(keys).toEqual({
      log: `${keyPrefix}flood:{15550000001}:log`,
      notice: `${keyPrefix}flood:{15550000001}:notice`,
    });
    for (const key of [keys.log, keys.notice]) {
      const ttl = await redis.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    }
    expect(await redis.zrange(keys.log, 0, -1)).toEqual(['wamid.1']);
  });

  it('fails loudly when the script answers something the adapter does not understand', async () => {
    // A reply of the wrong shape cannot be forced from the real script: a stub client answers in its place.
    const stub = { evalsha: async () => 'maybe' } as unknown as Redis;
    const guard = new RedisFloodGuard(stub, { keyPrefix: freshPrefix(), limitPerMinute: 1 });
    await expect(guard.check('15550000001', 'wamid.1')).rejects.toThrow(FLOOD_GUARD_SCRIPT_UNEXPECTED_REPLY('"maybe"'));
  });
});
