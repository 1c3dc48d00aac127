import { registerAs } from '@nestjs/config';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { validateEnv } from '../../common/config/validate-env.js';

/** A week: beyond it the session itself (SESSION_TTL_SECONDS) has long forgotten the registration. */
const MAX_SILENCE_SECONDS = 7 * 24 * 3600;

class RegisterEnv {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_SILENCE_SECONDS) REGISTER_REMIND_AFTER_SECONDS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_SILENCE_SECONDS) REGISTER_EXPIRE_AFTER_SECONDS?: number;
}

/**
 * The silences of the built-in registration (and of tests that shorten them). Custom flows declare their own
 * durations in their `timeouts`.
 */
export const registerConfig = registerAs('register', () => {
  const env = validateEnv(RegisterEnv);
  return {
    /** Silence before "Still there?" is sent (once). */
    remindAfterSeconds: env.REGISTER_REMIND_AFTER_SECONDS ?? 600,
    /** Silence after which the registration is cancelled and nothing is saved. */
    expireAfterSeconds: env.REGISTER_EXPIRE_AFTER_SECONDS ?? 3600,
  };
});
