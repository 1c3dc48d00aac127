import { BODY_NOT_OBJECT, BODY_TOO_DEEP, MALFORMED_JSON } from '../common/errors/error-messages.js';
import { isRecord } from '../common/is-record.js';

/** Deeper than any webhook Meta sends (about 8 levels), far below what would strain a recursive reader. */
export const MAX_BODY_DEPTH = 32;

export type WebhookRefusalReason = 'malformed JSON' | 'too deeply nested' | 'body not an object';

export type ParsedBody =
  | { readonly ok: true; readonly body: Record<string, unknown> }
  | { readonly ok: false; readonly reason: WebhookRefusalReason; readonly message: string };

const [QUOTE, BACKSLASH, OPEN_OBJECT, OPEN_ARRAY, CLOSE_OBJECT, CLOSE_ARRAY] = [0x22, 0x5c, 0x7b, 0x5b, 0x7d, 0x5d];

/**
 * Whether the JSON text nests objects and arrays more than `maxDepth` levels, found by one pass over the bytes
 * (brackets inside strings do not count). Runs before `JSON.parse`, so a hostile body never becomes a structure
 * that a recursive reader (class-transformer, a logger, `String()`) could overflow the stack on.
 */
export function nestsDeeperThan(raw: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i += 1) {
    const byte = raw[i];
    if (inString) {
      if (byte === BACKSLASH) i += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) depth -= 1;
  }
  return false;
}

/** Parses a webhook body whose signature already matched: a JSON object no deeper than `MAX_BODY_DEPTH`. */
export function parseWebhookBody(raw: Buffer | undefined): ParsedBody {
  const bytes = raw ?? Buffer.alloc(0);
  if (nestsDeeperThan(bytes, MAX_BODY_DEPTH))
    return { ok: false, reason: 'too deeply nested', message: BODY_TOO_DEEP(MAX_BODY_DEPTH) };
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed JSON', message: MALFORMED_JSON() };
  }
  if (!isRecord(body)) return { ok: false, reason: 'body not an object', message: BODY_NOT_OBJECT() };
  return { ok: true, body };
}
