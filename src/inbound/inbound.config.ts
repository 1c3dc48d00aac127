import { registerAs } from '@nestjs/config';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNumber, IsOptional, IsPositive, Max, Min } from 'class-validator';
import { validateEnv } from '../common/config/validate-env.js';

export const ROLES = ['web', 'worker', 'all'] as const;
export type Role = (typeof ROLES)[number];

class InboundEnv {
  @IsOptional() @IsIn(ROLES) ROLE?: Role;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) WORKER_CONCURRENCY?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1000) @Max(600_000) QUEUE_LOCK_TTL_MS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50) QUEUE_MAX_ATTEMPTS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(10) @Max(600_000) QUEUE_BACKOFF_MS?: number;
  // Fractions are allowed (0.5 is twelve hours), so a test or a short-lived environment can expire them quickly.
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(3650)
  DEAD_LETTER_TTL_DAYS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10_000_000) DEAD_LETTER_MAX?: number;
}

const DAY_MS = 24 * 3600 * 1000;

/** How inbound messages are taken in and worked off; everything but `role` matters only with REDIS_URL. */
export const inboundConfig = registerAs('inbound', () => {
  const env = validateEnv(InboundEnv);
  const lockTtlMs = env.QUEUE_LOCK_TTL_MS ?? 10_000;
  return {
    /** web: HTTP intake only; worker: processing only (plus /health); all: both in one process. */
    role: env.ROLE ?? 'all',
    /** Jobs (so: users) one worker process handles at once. */
    concurrency: env.WORKER_CONCURRENCY ?? 10,
    /**
     * Life of a user's lock and of BullMQ's job lock, renewed every third of it while work goes on. A worker that
     * dies is replaced after about this long, so it bounds crash recovery; a longer event-loop stall than this lets
     * another worker take the user over (fencing keeps that safe, see inbox-drainer.ts).
     */
    lockTtlMs,
    /** Attempts per message before it goes to the dead-letter queue. */
    maxAttempts: env.QUEUE_MAX_ATTEMPTS ?? 5,
    /** First retry delay; it doubles on each further attempt. */
    backoffMs: env.QUEUE_BACKOFF_MS ?? 1000,
    /**
     * How long and how many dead letters are kept: the sweeper removes those older than `ttlMs` and, beyond `max`,
     * the oldest. They hold message bodies and full wa_ids, so they must not pile up forever.
     */
    deadLetters: {
      ttlMs: Math.round((env.DEAD_LETTER_TTL_DAYS ?? 14) * DAY_MS),
      max: env.DEAD_LETTER_MAX ?? 10_000,
    },
  };
});

export type InboundConfig = ReturnType<typeof inboundConfig>;

/** Whether a process with this environment serves Meta's webhook (every role but `worker`). Read before DI exists. */
export function servesWebhooks(env: Record<string, string | undefined>): boolean {
  return (validateEnv(InboundEnv, env).ROLE ?? 'all') !== 'worker';
}
