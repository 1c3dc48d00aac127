import { registerAs, type ConfigType } from '@nestjs/config';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min } from 'class-validator';
import { HTTP_URL, InvalidEnvironmentError, validateEnv, withoutTrailingSlash } from '../common/config/validate-env.js';
import { PHONE_ID_REQUIRED_WITH_TOKEN } from '../common/errors/error-messages.js';
import { MAX_MEDIA_BYTES } from './media-gateway.port.js';

/**
 * Default cap of one media download: WhatsApp's largest video and audio (16 MB; images are at most 5 MB). Documents
 * may reach 100 MB: a bot that takes them raises MEDIA_MAX_DOWNLOAD_BYTES, or passes `maxBytes` per download.
 */
export const DEFAULT_MEDIA_MAX_DOWNLOAD_BYTES = 16 * 1024 * 1024;

class WhatsAppEnv {
  /** Unset → messages are recorded locally (LocalRecordingTransport) instead of sent. */
  @IsOptional() @IsString() WP_ACCESS_TOKEN?: string;
  @IsOptional() @IsString() WP_PHONE_ID?: string;
  @IsOptional() @Matches(/^v\d+\.\d+$/) API_VERSION?: string;
  @IsOptional() @IsUrl(HTTP_URL) GRAPH_API_URL?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10) GRAPH_MAX_ATTEMPTS?: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(100) @Max(120_000) GRAPH_TIMEOUT_MS?: number;
  // At most 2000 so the first retry (jittered into [base/2, base]) always comes within 2 s.
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(2000) GRAPH_RETRY_BASE_DELAY_MS?: number;
  // Downloads are buffered in memory: the cap bounds what one message can make this process hold.
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_MEDIA_BYTES) MEDIA_MAX_DOWNLOAD_BYTES?: number;
}

/**
 * Reads and validates the WhatsApp variables from `env`. Split from `whatsappConfig` so tests can build a
 * config without touching `process.env`.
 */
export function loadWhatsAppConfig(env: Record<string, string | undefined>) {
  const vars = validateEnv(WhatsAppEnv, env);
  // A token without a phone-number id cannot send anything: fail at boot, not at the first reply.
  if (vars.WP_ACCESS_TOKEN && !vars.WP_PHONE_ID) {
    throw new InvalidEnvironmentError(PHONE_ID_REQUIRED_WITH_TOKEN());
  }
  return {
    accessToken: vars.WP_ACCESS_TOKEN,
    phoneNumberId: vars.WP_PHONE_ID,
    apiVersion: vars.API_VERSION ?? 'v23.0',
    graphApiUrl: withoutTrailingSlash(vars.GRAPH_API_URL ?? 'https://graph.facebook.com'),
    maxAttempts: vars.GRAPH_MAX_ATTEMPTS ?? 3,
    timeoutMs: vars.GRAPH_TIMEOUT_MS ?? 10_000,
    retryBaseDelayMs: vars.GRAPH_RETRY_BASE_DELAY_MS ?? 1000,
    mediaMaxDownloadBytes: vars.MEDIA_MAX_DOWNLOAD_BYTES ?? DEFAULT_MEDIA_MAX_DOWNLOAD_BYTES,
  };
}

export const whatsappConfig = registerAs('whatsapp', () => loadWhatsAppConfig(process.env));

export type WhatsAppConfig = ConfigType<typeof whatsappConfig>;
