/**
 * Every error text of the service, reviewed in one place. Each says what happened and what to do next.
 * Tests assert with these same functions. Text that WhatsApp users read lives with its flow instead.
 */
export const INVALID_ENVIRONMENT = (problems: string[]) =>
  `Invalid configuration: ${problems.join('; ')}. Fix these environment variables (see .env-example).`;

export const MISSING_PRODUCTION_SETTINGS = (names: string[]) =>
  `Refusing to start with NODE_ENV=production: missing ${names.join(', ')}. Set them in the environment (see .env-example).`;

export const APP_SECRET_MISSING_WARNING = () =>
  'WP_APP_SECRET is not set: webhook signatures are NOT checked and unsigned webhooks are accepted. Never run like this in production.';
