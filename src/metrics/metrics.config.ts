import { registerAs } from '@nestjs/config';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { DEFAULT_PORT } from '../common/config/app.config.js';
import { InvalidEnvironmentError, validateEnv } from '../common/config/validate-env.js';
import { METRICS_PORT_IS_PORT } from '../common/errors/error-messages.js';

class MetricsEnv {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(65535) METRICS_PORT?: number;
  @IsOptional() @IsString() METRICS_TOKEN?: string;
}

export interface MetricsSettings {
  /** Serve /metrics only on this port (its own small server); unset → on the main port. */
  readonly port: number | undefined;
  /** Required as `Authorization: Bearer <token>` when set. Never logged. */
  readonly token: string | undefined;
}

/** The metrics settings from `env`. */
export function loadMetricsConfig(env: Record<string, string | undefined>): MetricsSettings {
  const { METRICS_PORT: port, METRICS_TOKEN: token } = validateEnv(MetricsEnv, env);
  // The same port twice would fail at listen with a confusing "port in use": name the mistake instead.
  if (port !== undefined && port === Number(env.PORT ?? DEFAULT_PORT)) {
    throw new InvalidEnvironmentError(METRICS_PORT_IS_PORT(port));
  }
  return { port, token };
}

export const metricsConfig = registerAs('metrics', () => loadMetricsConfig(process.env));
