import { registerAs } from '@nestjs/config';
import { IsOptional, IsString, MinLength } from 'class-validator';
import { validateEnv } from '../common/config/validate-env.js';

/** Shortest API_TOKEN accepted: long enough that guessing it over HTTP is hopeless. */
export const MIN_API_TOKEN_LENGTH = 32;

class ApiEnv {
  @IsOptional() @IsString() @MinLength(MIN_API_TOKEN_LENGTH) API_TOKEN?: string;
}

export interface ApiSettings {
  /** Bearer token of `/api/*` (notifications, consent); unset → those routes answer 404. Never logged. */
  readonly token: string | undefined;
}

export function loadApiConfig(env: Record<string, string | undefined>): ApiSettings {
  return { token: validateEnv(ApiEnv, env).API_TOKEN };
}

/** As adminConfig: a bad API_TOKEN is kept as `invalid` and thrown by ApiModule.onModuleInit (one boot line). */
export const apiConfig = registerAs('api', (): ApiSettings & { readonly invalid?: Error } => {
  try {
    return loadApiConfig(process.env);
  } catch (error) {
    return { token: undefined, invalid: error instanceof Error ? error : new Error(String(error)) };
  }
});
