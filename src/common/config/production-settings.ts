/** Variables without which a production instance would be unsafe (unsigned intake) or useless (cannot send). */
export const REQUIRED_IN_PRODUCTION = ['WP_APP_SECRET', 'WP_VERIFY_TOKEN', 'WP_ACCESS_TOKEN', 'WP_PHONE_ID'] as const;

/** The required variables that are missing (unset or empty) when NODE_ENV=production; empty otherwise. */
export function missingProductionSettings(env: Record<string, string | undefined>): string[] {
  if (env.NODE_ENV !== 'production') return [];
  return REQUIRED_IN_PRODUCTION.filter((name) => !env[name]);
}
