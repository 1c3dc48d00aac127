import { registerAs } from '@nestjs/config';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { isLocalMode } from './local-mode.js';
import { validateEnv } from './validate-env.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

class AppEnv {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(65535) PORT?: number;
  @IsOptional() @IsString() HOST?: string;
  @IsOptional() @IsIn(['development', 'production', 'test']) NODE_ENV?: string;
  @IsOptional() @IsIn(LOG_LEVELS) LOG_LEVEL?: LogLevel;
  @IsOptional() @IsIn(['json', 'pretty']) LOG_FORMAT?: 'json' | 'pretty';
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(600_000) SHUTDOWN_GRACE_MS?: number;
}

export const DEFAULT_PORT = 5000;

export const appConfig = registerAs('app', () => {
  const env = validateEnv(AppEnv);
  const localMode = isLocalMode(process.env);
  return {
    port: env.PORT ?? DEFAULT_PORT,
    /** Local mode keeps the dev tools (unsigned intake, simulator) off the network unless HOST says otherwise. */
    host: env.HOST ?? (localMode ? '127.0.0.1' : '0.0.0.0'),
    localMode,
    nodeEnv: env.NODE_ENV ?? 'development',
    isProduction: env.NODE_ENV === 'production',
    logLevel: env.LOG_LEVEL ?? 'info',
    /** JSON for machines (production, tests), pretty lines for people (development). */
    logFormat: env.LOG_FORMAT ?? (env.NODE_ENV === 'production' || env.NODE_ENV === 'test' ? 'json' : 'pretty'),
    /** How long SIGTERM waits for acknowledged messages to be processed; keep it under the orchestrator's grace. */
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS ?? 10_000,
  };
});
