import { MISSING_APP_SECRET_WITH_TOKEN, MISSING_PRODUCTION_SETTINGS } from '../errors/error-messages.js';

/** Variables without which a production instance would be unsafe (unsigned intake) or useless (cannot send). */
export const REQUIRED_IN_PRODUCTION = ['WP_APP_SECRET', 'WP_VERIFY_TOKEN', 'WP_ACCESS_TOKEN', 'WP_PHONE_ID'] as const;

/** The required variables that are missing (unset or empty) when NODE_ENV=production; empty otherwise. */
export function missingProductionSettings(env: Record<string, string | undefined>): string[] {
  if (env.NODE_ENV !== 'production') return [];
  return REQUIRED_IN_PRODUCTION.filter((name) => !env[name]);
}

/**
 * Why this environment must not boot, as one line, or undefined when it may. Checked before anything listens.
 * A real token without the app secret would let anyone post unsigned webhooks that make the bot message real
 * numbers, whatever NODE_ENV says.
 */
export function unsafeConfiguration(env: Record<string, string | undefined>): string | undefined {
  const missing = missingProductionSettings(env);
  if (missing.length > 0) return MISSING_PRODUCTION_SETTINGS(missing);
  if (env.WP_ACCESS_TOKEN && !env.WP_APP_SECRET) return MISSING_APP_SECRET_WITH_TOKEN();
  return undefined;
}
