import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppError } from '../errors/app.error.js';
import { INVALID_ENVIRONMENT } from '../errors/error-messages.js';

export class InvalidEnvironmentError extends AppError {
  readonly code = 'CONFIG.INVALID_ENVIRONMENT';
}

/**
 * Validates the variables a config class declares and returns them typed.
 * Throws one error naming every bad variable (never its value: it may be a secret).
 * Empty strings count as unset, as `.env` files often leave `KEY=` lines.
 */
export function validateEnv<T extends object>(
  schema: ClassConstructor<T>,
  env: Record<string, string | undefined> = process.env,
): T {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const instance = plainToInstance(schema, present, { enableImplicitConversion: false });
  const errors = validateSync(instance, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    const problems = errors.map((error) => `${error.property} ${Object.keys(error.constraints ?? {}).join(', ')}`);
    throw new InvalidEnvironmentError(INVALID_ENVIRONMENT(problems));
  }
  return instance;
}

/**
 * `@IsUrl` options for a service's base URL: http or https with the scheme written out, and no TLD required so
 * tests and local mocks can use `http://127.0.0.1:PORT`.
 */
export const HTTP_URL = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/** A base URL without trailing slashes, which would otherwise produce `//v0/...` paths that the APIs refuse. */
export function withoutTrailingSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
