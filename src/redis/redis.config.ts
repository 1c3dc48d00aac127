import { registerAs } from '@nestjs/config';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { validateEnv } from '../common/config/validate-env.js';

class RedisEnv {
  @IsOptional() @Matches(/^rediss?:\/\//) REDIS_URL?: string;
  @IsOptional() @IsString() REDIS_PREFIX?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(100) @Max(120_000) REDIS_CONNECT_TIMEOUT_MS?: number;
}

export const redisConfig = registerAs('redis', () => {
  const env = validateEnv(RedisEnv);
  return {
    /** Unset → everything stays in process (the default single-instance mode). May hold a password: never logged. */
    url: env.REDIS_URL,
    /** Prepended as-is to every key (and to the queue's keys), so several bots or test runs can share one Redis. */
    prefix: env.REDIS_PREFIX ?? 'wa:',
    /** How long boot waits for Redis to answer before giving up (the process then exits 1). */
    connectTimeoutMs: env.REDIS_CONNECT_TIMEOUT_MS ?? 10_000,
  };
});

export type RedisConfig = ReturnType<typeof redisConfig>;
