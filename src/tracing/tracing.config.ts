// class-transformer's @Type needs the metadata polyfill: loaded here too, so this file also works on its own.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import { HTTP_URL, validateEnv } from '../common/config/validate-env.js';

/** OTLP over HTTP only: protobuf (the standard default) or JSON. gRPC would need another exporter. */
const OTLP_PROTOCOLS = ['http/protobuf', 'http/json'] as const;
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/** The SDK's sampler names (OTEL_TRACES_SAMPLER); checked here so a typo stops the boot instead of sampling all. */
const SAMPLERS = [
  'always_on',
  'always_off',
  'traceidratio',
  'parentbased_always_on',
  'parentbased_always_off',
  'parentbased_traceidratio',
];

/**
 * The standard OpenTelemetry variables this service uses. We invent none: the SDK and the exporter read these same
 * names themselves (endpoints, headers, timeouts, sampler, batch settings); they are validated here so a bad value
 * fails the boot in one line instead of silently disabling traces.
 */
class TracingEnv {
  @IsOptional() @IsUrl(HTTP_URL) OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  @IsOptional() @IsUrl(HTTP_URL) OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;
  @IsOptional() @IsIn(OTLP_PROTOCOLS) OTEL_EXPORTER_OTLP_PROTOCOL?: OtlpProtocol;
  @IsOptional() @IsIn(OTLP_PROTOCOLS) OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?: OtlpProtocol;
  @IsOptional() @IsString() OTEL_SERVICE_NAME?: string;
  @IsOptional() @IsIn(SAMPLERS) OTEL_TRACES_SAMPLER?: string;
  @IsOptional() @Type(() => Number) @IsNumber() @Min(0) @Max(1) OTEL_TRACES_SAMPLER_ARG?: number;
  @IsOptional() @IsIn(['true', 'false']) OTEL_SDK_DISABLED?: string;
}

export const DEFAULT_SERVICE_NAME = 'whatsapp-bot';

export interface TracingSettings {
  /** On only when an OTLP endpoint is set (and OTEL_SDK_DISABLED is not `true`). */
  readonly enabled: boolean;
  readonly serviceName: string;
  readonly protocol: OtlpProtocol;
}

/** The tracing settings from `env`; throws InvalidEnvironmentError naming each bad OTEL_* variable. */
export function loadTracingConfig(env: Record<string, string | undefined>): TracingSettings {
  const parsed = validateEnv(TracingEnv, env);
  const endpoint = parsed.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? parsed.OTEL_EXPORTER_OTLP_ENDPOINT;
  return {
    enabled: endpoint !== undefined && parsed.OTEL_SDK_DISABLED !== 'true',
    serviceName: parsed.OTEL_SERVICE_NAME ?? DEFAULT_SERVICE_NAME,
    protocol: parsed.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? parsed.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf',
  };
}
