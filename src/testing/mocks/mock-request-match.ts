import { isRecord } from '../../common/is-record.js';
import { recipientOf } from '../../whatsapp/message-transport.port.js';
import type { RecordedRequest } from './recorded-request.js';

/**
 * Which requests a failure rule or a `GET /__mock/requests` filter selects. Every field given must hold; an empty
 * match selects every request.
 * - `method`: `POST`, `GET`… (any case).
 * - `path`: a substring of the path (`/messages`), or a regular expression written between slashes (`/^\/v\d+/`).
 * - `to`: the JSON body's `to` field, exactly (Graph's recipient).
 */
export interface MockRequestMatch {
  readonly method?: string;
  readonly path?: string;
  readonly to?: string;
}

const MATCH_FIELDS = ['method', 'path', 'to'] as const;

/** `/pattern/flags`: a path written this way is a regular expression, anything else a substring. */
const REGEX_LITERAL = /^\/(.+)\/([dgimsuyv]*)$/;

/** Whether `request` is selected by `match`. */
export function requestMatches(match: MockRequestMatch, request: RecordedRequest): boolean {
  if (match.method !== undefined && match.method.toUpperCase() !== request.method) return false;
  if (match.path !== undefined && !pathMatches(match.path, request.path)) return false;
  if (match.to !== undefined && recipientOf(request.json) !== match.to) return false;
  return true;
}

function pathMatches(pattern: string, path: string): boolean {
  const literal = REGEX_LITERAL.exec(pattern);
  // The flags are dropped on purpose: a global or sticky regex would carry lastIndex from one request to the next.
  return literal ? new RegExp(literal[1], literal[2].replace(/[gy]/g, '')).test(path) : path.includes(pattern);
}

/** Reads a match from JSON (a request body, or query parameters as an object); a string is the problem found. */
export function parseRequestMatch(value: unknown): MockRequestMatch | string {
  if (value === undefined) return {};
  if (!isRecord(value)) return '"match" must be an object such as { "method": "POST", "path": "/messages" }.';
  const unknown = Object.keys(value).find((key) => !(MATCH_FIELDS as readonly string[]).includes(key));
  if (unknown !== undefined) return `Unknown match field "${unknown}": use ${MATCH_FIELDS.join(', ')}.`;
  const match: Record<string, string> = {};
  for (const field of MATCH_FIELDS) {
    const given = value[field];
    if (given === undefined) continue;
    if (typeof given !== 'string' || given === '') return `match.${field} must be a non-empty string.`;
    match[field] = given;
  }
  if (match.path !== undefined) {
    const literal = REGEX_LITERAL.exec(match.path);
    if (literal && !isValidRegex(literal[1], literal[2])) return `match.path ${match.path} is not a valid regex.`;
  }
  return match;
}

function isValidRegex(source: string, flags: string): boolean {
  try {
    new RegExp(source, flags);
    return true;
  } catch {
    return false;
  }
}
