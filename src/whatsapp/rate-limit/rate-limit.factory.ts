import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Metrics } from '../../metrics/metrics.js';
import type { MessageTransport } from '../message-transport.port.js';
import { MemorySendRateLimiter } from './memory-send-rate-limiter.adapter.js';
import { bucketLimits, type RateLimitConfig } from './rate-limit.config.js';
import { RateLimitedTransport } from './rate-limited-transport.adapter.js';
import { RedisSendRateLimiter } from './redis-send-rate-limiter.adapter.js';

export interface OutboundRateLimitSetup {
  readonly config: RateLimitConfig;
  /** REDIS_CLIENT: shared budgets when set; `null`/`undefined` (no REDIS_URL) → this process's own budgets. */
  readonly redis: Redis | null | undefined;
  /** REDIS_PREFIX. */
  readonly keyPrefix: string;
  /** WP_PHONE_ID: whose budgets these are. */
  readonly phoneNumberId: string | undefined;
  /** Where each send's wait is recorded (`whatsapp_rate_limit_wait_seconds`). */
  readonly metrics?: Metrics;
}

/**
 * Wraps the Graph transport in `RateLimitedTransport`, with budgets in Redis when there is a client (every
 * instance shares them) and in memory otherwise. Decided at boot, like every adapter choice.
 */
export function withOutboundRateLimit(
  transport: MessageTransport,
  setup: OutboundRateLimitSetup,
): RateLimitedTransport {
  const limits = bucketLimits(setup.config);
  const limiter = setup.redis
    ? new RedisSendRateLimiter(setup.redis, {
        keyPrefix: setup.keyPrefix,
        // Graph refuses to send without WP_PHONE_ID, so the fallback only names keys that are never used.
        phoneNumberId: setup.phoneNumberId ?? 'unset',
        limits,
      })
    : new MemorySendRateLimiter(limits);
  const { perSecond, pairBurst, pairIntervalMs, maxWaitMs } = setup.config;
  new Logger('WhatsAppModule').log(
    { rateLimiter: setup.redis ? 'redis' : 'memory', perSecond, pairBurst, pairIntervalMs, maxWaitMs },
    'outbound rate limit selected',
  );
  return new RateLimitedTransport(transport, limiter, { maxWaitMs, metrics: setup.metrics });
}
