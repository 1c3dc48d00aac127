import { registerAs } from '@nestjs/config';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { validateEnv } from '../common/config/validate-env.js';

const SEVEN_DAYS_SECONDS = 7 * 24 * 3600;

class StateEnv {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) SESSION_TTL_SECONDS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(SEVEN_DAYS_SECONDS) DEDUPE_TTL_SECONDS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1000) DEDUPE_MAX_ENTRIES?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) SESSION_MAX_ENTRIES?: number;
}

export const stateConfig = registerAs('state', () => {
  const env = validateEnv(StateEnv);
  return {
    /** Idle time after which a conversation is forgotten (default 24 h). */
    sessionTtlSeconds: env.SESSION_TTL_SECONDS ?? 24 * 3600,
    /** Meta redelivers for up to 7 days, so ids are remembered at least that long. */
    dedupeTtlSeconds: env.DEDUPE_TTL_SECONDS ?? SEVEN_DAYS_SECONDS,
    dedupeMaxEntries: env.DEDUPE_MAX_ENTRIES ?? 100_000,
    /** Most users the memory adapters keep (conversations, language choices, registrations without Airtable): LRU. */
    sessionMaxEntries: env.SESSION_MAX_ENTRIES ?? 100_000,
  };
});
