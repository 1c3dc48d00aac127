import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { getMetadataStorage, validateSync, type ValidationError } from 'class-validator';
import { AppError } from '../errors/app.error.js';
import { INVALID_ENVIRONMENT } from '../errors/error-messages.js';

export class InvalidEnvironmentError extends AppError {
  readonly code = 'CONFIG.INVALID_ENVIRONMENT';

  /** One sentence per bad variable, e.g. `PORT must be an integer from 1 to 65535 (got "abc")`. */
  readonly problems: readonly string[];

  constructor(problems: string | readonly string[]) {
    const list = typeof problems === 'string' ? [problems] : problems;
    super(INVALID_ENVIRONMENT(list));
    this.problems = list;
  }
}

/** Variables whose values are never echoed back, even in an error: they may be secrets. */
const SECRET_NAME = /TOKEN|SECRET|KEY|PASSWORD/i;
/** Longest value quoted in an error. */
const MAX_QUOTED_CHARS = 60;

/**
 * Validates the variables a config class declares and returns them typed.
 * Throws one error with a sentence per bad variable, quoting its value unless it may be a secret.
 * Empty strings count as unset, as `.env` files often leave `KEY=` lines.
 */
export function validateEnv<T extends object>(
  schema: ClassConstructor<T>,
  env: Record<string, string | undefined> = process.env,
): T {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const instance = plainToInstance(schema, present, { enableImplicitConversion: false });
  const errors = validateSync(instance, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0)
    throw new InvalidEnvironmentError(errors.map((error) => describeProblem(schema, error, present)));
  return instance;
}

function describeProblem(
  schema: ClassConstructor<object>,
  error: ValidationError,
  env: Record<string, string | undefined>,
): string {
  const name = error.property;
  const raw = env[name];
  const got =
    raw === undefined || SECRET_NAME.test(name) || /:\/\/[^/]*@/.test(raw)
      ? ''
      : ` (got "${raw.length > MAX_QUOTED_CHARS ? `${raw.slice(0, MAX_QUOTED_CHARS)}…` : raw}")`;
  return `${name} must be ${requirementOf(schema, name)}${got}`;
}

/**
 * What a variable must be, in words, read from its class-validator decorators: `an integer from 1 to 65535`,
 * `one of development, production, test`, `at least 32 characters long`, `an http(s) URL`.
 */
export function requirementOf(schema: ClassConstructor<object>, property: string): string {
  const rules = new Map<string, unknown[]>();
  for (const meta of getMetadataStorage().getTargetValidationMetadatas(schema, '', true, false)) {
    if (meta.propertyName === property && meta.name) rules.set(meta.name, meta.constraints ?? []);
  }
  const min = rules.get('min')?.[0];
  const max = rules.get('max')?.[0];
  const range =
    min !== undefined && max !== undefined
      ? ` from ${String(min)} to ${String(max)}`
      : min !== undefined
        ? ` of at least ${String(min)}`
        : max !== undefined
          ? ` of at most ${String(max)}`
          : '';
  if (rules.has('isInt')) return `an integer${range}`;
  if (rules.has('isNumber')) return `a number${range}`;
  if (rules.has('isIn')) return `one of ${(rules.get('isIn')?.[0] as readonly unknown[]).map(String).join(', ')}`;
  if (rules.has('isUrl')) return 'an http(s) URL with its scheme, e.g. https://example.com';
  const minLength = rules.get('minLength')?.[0];
  const maxLength = rules.get('maxLength')?.[0];
  if (minLength !== undefined && maxLength !== undefined)
    return `from ${String(minLength)} to ${String(maxLength)} characters long`;
  if (minLength !== undefined) return `at least ${String(minLength)} characters long`;
  if (maxLength !== undefined) return `at most ${String(maxLength)} characters long`;
  if (rules.has('matches')) return 'in the documented format (see .env-example)';
  return 'a valid value (see .env-example)';
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
