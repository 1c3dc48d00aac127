import { registerAs, type ConfigType } from '@nestjs/config';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { validateEnv } from '../../common/config/validate-env.js';
import type { BucketLimit } from './token-bucket.js';

class RateLimitEnv {
  // Meta's default throughput is 80 messages/s per number; upgraded numbers get 1,000.
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100_000) RATE_LIMIT_PER_SECOND?: number;
  // Meta lets a burst of up to 45 messages reach one user, paid back at one per interval afterwards.
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(45) RATE_LIMIT_PAIR_BURST?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(3_600_000) RATE_LIMIT_PAIR_INTERVAL_MS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(600_000) RATE_LIMIT_MAX_WAIT_MS?: number;
}

/**
 * Reads and validates the outbound rate-limit variables. Split from `rateLimitConfig` so tests can build a
 * config without touching `process.env`.
 */
export function loadRateLimitConfig(env: Record<string, string | undefined>) {
  const vars = validateEnv(RateLimitEnv, env);
  return {
    /** Messages per second from the sending number, shared by every instance. */
    perSecond: vars.RATE_LIMIT_PER_SECOND ?? 80,
    /**
     * Messages that may reach one user at once. Meta documents bursts of up to 45, but a burst is borrowed:
     * it is paid back at one message per interval (45 → 4.5 min of silence for that user). 10 covers a busy
     * conversation turn and never costs more than a minute.
     */
    pairBurst: vars.RATE_LIMIT_PAIR_BURST ?? 10,
    /** Meta's pair rate: about one message every 6 s to the same user after the burst (error 131056). */
    pairIntervalMs: vars.RATE_LIMIT_PAIR_INTERVAL_MS ?? 6000,
    /** Longest a send waits for its turn before it fails with `OutboundRateLimitError`. */
    maxWaitMs: vars.RATE_LIMIT_MAX_WAIT_MS ?? 60_000,
  };
}

export const rateLimitConfig = registerAs('rateLimit', () => loadRateLimitConfig(process.env));

export type RateLimitConfig = ConfigType<typeof rateLimitConfig>;

/** The two buckets' limits. The number's burst is one second's worth, as Meta counts messages per second. */
export interface RateLimits {
  readonly number: BucketLimit;
  readonly recipient: BucketLimit;
}

export function bucketLimits(config: Pick<RateLimitConfig, 'perSecond' | 'pairBurst' | 'pairIntervalMs'>): RateLimits {
  return {
    number: { capacity: config.perSecond, intervalMs: 1000 / config.perSecond },
    recipient: { capacity: config.pairBurst, intervalMs: config.pairIntervalMs },
  };
}
