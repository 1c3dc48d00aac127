/** Longest string copied from a request into a log line. */
export const MAX_LOGGED_CHARS = 200;

/**
 * A value from untrusted input, made safe to log: strings are cut to 200 characters, numbers and booleans pass,
 * and anything else is named by its kind only. Never `String()` or `JSON.stringify` untrusted nested data: a body
 * nested thousands of levels deep overflows the stack, and a long one fills the logs.
 */
export function logValue(value: unknown): string | number | boolean | null | undefined {
  if (typeof value === 'string')
    return value.length > MAX_LOGGED_CHARS ? `${value.slice(0, MAX_LOGGED_CHARS)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return value;
  return Array.isArray(value) ? '[array]' : `[${typeof value}]`;
}

/** `logValue` for a text kept for logs only (Meta's error titles and details): cut to 200 characters. */
export function cappedText(text: string | undefined): string | undefined {
  return text === undefined ? undefined : (logValue(text) as string);
}
