import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { createFloodGuard } from './flood-guard.factory.js';
import { MemoryFloodGuard } from './memory-flood-guard.adapter.js';
import { RedisFloodGuard } from './redis-flood-guard.adapter.js';

describe('createFloodGuard', () => {
  const config = { userMessagesPerMinute: 3 };
  const redisSettings = { url: 'redis://127.0.0.1:6379', prefix: 'bot:', connectTimeoutMs: 1000 };

  beforeAll(() => Logger.overrideLogger(false)); // the boot line is not under test

  it('keeps budgets in memory without a Redis client', () => {
    expect(createFloodGuard(config, null, undefined)).toBeInstanceOf(MemoryFloodGuard);
  });

  it('shares budgets through Redis, under REDIS_PREFIX, when there is a client', () => {
    const guard = createFloodGuard(config, {} as Redis, redisSettings);
    expect(guard).toBeInstanceOf(RedisFloodGuard);
    expect((guard as RedisFloodGuard).keysOf('15550000001').log).toBe('bot:flood:{15550000001}:log');
  });
});
