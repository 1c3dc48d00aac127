import { registerAs } from '@nestjs/config';
import { IsOptional, IsString } from 'class-validator';
import { isLocalMode } from '../common/config/local-mode.js';
import { validateEnv } from '../common/config/validate-env.js';

class WebhookEnv {
  @IsOptional() @IsString() WP_APP_SECRET?: string;
  @IsOptional() @IsString() WP_VERIFY_TOKEN?: string;
}

export const webhookConfig = registerAs('webhook', () => {
  const env = validateEnv(WebhookEnv);
  return {
    /** Unset only in local mode: then only unsigned webhooks from loopback are accepted (a loud warning at boot). */
    appSecret: env.WP_APP_SECRET,
    verifyToken: env.WP_VERIFY_TOKEN,
    /** No WP_ACCESS_TOKEN and NODE_ENV is not production: the bot cannot reach a real number. */
    localMode: isLocalMode(process.env),
  };
});
