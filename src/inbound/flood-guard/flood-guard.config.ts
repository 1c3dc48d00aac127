import { registerAs, type ConfigType } from '@nestjs/config';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { validateEnv } from '../../common/config/validate-env.js';

class FloodGuardEnv {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10_000) USER_MESSAGES_PER_MINUTE?: number;
}

/** Reads and validates the flood guard's variable. Split from `floodGuardConfig` so tests need no `process.env`. */
export function loadFloodGuardConfig(env: Record<string, string | undefined>) {
  const vars = validateEnv(FloodGuardEnv, env);
  return {
    /**
     * Messages of one user processed in any 60 s; beyond it they are acknowledged and dropped (global commands
     * excepted). 30 is far above a person typing and tapping, and caps what one sender can cost in OpenAI and
     * Airtable calls.
     */
    userMessagesPerMinute: vars.USER_MESSAGES_PER_MINUTE ?? 30,
  };
}

export const floodGuardConfig = registerAs('floodGuard', () => loadFloodGuardConfig(process.env));

export type FloodGuardConfig = ConfigType<typeof floodGuardConfig>;
