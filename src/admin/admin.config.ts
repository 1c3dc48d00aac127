import { registerAs } from '@nestjs/config';
import { IsOptional, IsString, MinLength } from 'class-validator';
import { validateEnv } from '../common/config/validate-env.js';

/** Shortest ADMIN_TOKEN accepted: long enough that guessing it over HTTP is hopeless. */
export const MIN_ADMIN_TOKEN_LENGTH = 32;

class AdminEnv {
  @IsOptional() @IsString() @MinLength(MIN_ADMIN_TOKEN_LENGTH) ADMIN_TOKEN?: string;
}

export interface AdminSettings {
  /** Bearer token of the admin API; unset → the API answers 404. At least 32 characters. Never logged. */
  readonly token: string | undefined;
}

/** The admin settings from `env`; throws InvalidEnvironmentError naming ADMIN_TOKEN when it is too short. */
export function loadAdminConfig(env: Record<string, string | undefined>): AdminSettings {
  return { token: validateEnv(AdminEnv, env).ADMIN_TOKEN };
}

/**
 * The settings, or the error that must stop the boot. The error is not thrown here: Nest logs an error thrown while
 * it builds providers with its stack trace before main.ts sees it, so AdminModule throws it from onModuleInit, which
 * main.ts turns into its one `Failed to start` line.
 */
export const adminConfig = registerAs('admin', (): AdminSettings & { readonly invalid?: Error } => {
  try {
    return loadAdminConfig(process.env);
  } catch (error) {
    return { token: undefined, invalid: error instanceof Error ? error : new Error(String(error)) };
  }
});
