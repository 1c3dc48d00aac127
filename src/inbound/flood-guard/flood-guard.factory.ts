import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { RedisConfig } from '../../redis/redis.config.js';
import type { FloodGuardConfig } from './flood-guard.config.js';
import type { FloodGuard } from './flood-guard.port.js';
import { MemoryFloodGuard } from './memory-flood-guard.adapter.js';
import { RedisFloodGuard } from './redis-flood-guard.adapter.js';

/**
 * The flood guard for this process, chosen at boot like every adapter: Redis when there is a client (REDIS_URL set,
 * every instance shares each user's budget), memory otherwise.
 */
export function createFloodGuard(
  config: FloodGuardConfig,
  redis: Redis | null | undefined,
  redisSettings: RedisConfig | undefined,
): FloodGuard {
  const limitPerMinute = config.userMessagesPerMinute;
  const guard =
    redis && redisSettings
      ? new RedisFloodGuard(redis, { keyPrefix: redisSettings.prefix, limitPerMinute })
      : new MemoryFloodGuard(limitPerMinute);
  new Logger('InboundModule').log(
    { floodGuard: guard instanceof RedisFloodGuard ? 'redis' : 'memory', userMessagesPerMinute: limitPerMinute },
    'flood guard selected',
  );
  return guard;
}
