import { registerAs } from '@nestjs/config';
import { IsOptional, IsString } from 'class-validator';
import { validateEnv } from '../common/config/validate-env.js';

class WebhookEnv {
  @IsOptional() @IsString() WP_APP_SECRET?: string;
  @IsOptional() @IsString() WP_VERIFY_TOKEN?: string;
}

export const webhookConfig = registerAs('webhook', () => {
  const env = validateEnv(WebhookEnv);
  return {
    /** Unset only in development: then signatures are not checked (a loud warning at boot). */
    appSecret: env.WP_APP_SECRET,
    verifyToken: env.WP_VERIFY_TOKEN,
  };
});
