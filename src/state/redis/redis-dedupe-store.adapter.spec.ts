import { deleteKeysWithPrefix, describeWithRedis, testRedis, uniquePrefix } from '../../testing/redis-test.js';
import { waitFor } from '../../testing/wait-for.js';
import { RedisDedupeStore } from './redis-dedupe-store.adapter.js';

const describeRedis = await describeWithRedis();

describeRedis('RedisDedupeStore on the local Redis', () => {
  const redis = testRedis();
  const prefix = uniquePrefix('dedupe');

  afterAll(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  it('claims an id once, with the dedupe TTL', async () => {
    const store = new RedisDedupeStore(redis, prefix, 604_800);
    expect(await store.claim('wamid.1')).toBe(true);
    expect(await store.claim('wamid.1')).toBe(false);
    expect(await store.claim('wamid.2')).toBe(true);
    expect(await redis.ttl(`${prefix}dedupe:wamid.1`)).toBeGreaterThan(604_000);
  });

  it('lets exactly one of many concurrent claims (from two connections) win', async () => {
    const other = testRedis();
    try {
      const stores = [new RedisDedupeStore(redis, prefix, 60), new RedisDedupeStore(other, prefix, 60)];
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % 2].claim('wamid.race')));
      expect(results.filter(Boolean)).toHaveLength(1);
    } finally {
      await other.quit();
    }
  });

  it('lets an id be claimed again once its TTL ran out', async () => {
    const store = new RedisDedupeStore(redis, prefix, 1);
    expect(await store.claim('wamid.short')).toBe(true);
    expect(await store.claim('wamid.short')).toBe(false);
    await waitFor(async () => (await redis.exists(`${prefix}dedupe:wamid.short`)) === 0, {
      timeoutMs: 3000,
      intervalMs: 50,
    });
    expect(await store.claim('wamid.short')).toBe(true);
  });
});
