import { registerAs } from '@nestjs/config';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min } from 'class-validator';
import { HTTP_URL, InvalidEnvironmentError, validateEnv, withoutTrailingSlash } from '../common/config/validate-env.js';
import { AIRTABLE_BASE_ID_REQUIRED } from '../common/errors/error-messages.js';

class AirtableEnv {
  @IsOptional() @IsString() AIRTABLE_API_KEY?: string;
  // Base ids look like `app` + letters and digits; the check also keeps a pasted URL out of the request path.
  @IsOptional() @Matches(/^app[A-Za-z0-9]+$/) AIRTABLE_BASE_ID?: string;
  @IsOptional() @IsString() AIRTABLE_TABLE_NAME?: string;
  @IsOptional() @IsUrl(HTTP_URL) AIRTABLE_ENDPOINT_URL?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(300_000) AIRTABLE_TIMEOUT_MS?: number;
}

export const airtableConfig = registerAs('airtable', () => {
  const env = validateEnv(AirtableEnv);
  if (env.AIRTABLE_API_KEY && !env.AIRTABLE_BASE_ID) throw new InvalidEnvironmentError(AIRTABLE_BASE_ID_REQUIRED());
  return {
    /** A personal access token (`pat…`). Unset → registrations stay in memory. Never logged. */
    apiKey: env.AIRTABLE_API_KEY,
    baseId: env.AIRTABLE_BASE_ID,
    tableName: env.AIRTABLE_TABLE_NAME ?? 'Users',
    // The SDK appends `/v0/…` to this URL as it is, so a trailing slash would make `//v0`.
    endpointUrl: withoutTrailingSlash(env.AIRTABLE_ENDPOINT_URL ?? 'https://api.airtable.com'),
    /** Per request, until the response headers arrive (what the SDK's `requestTimeout` covers). */
    timeoutMs: env.AIRTABLE_TIMEOUT_MS ?? 10_000,
  };
});
