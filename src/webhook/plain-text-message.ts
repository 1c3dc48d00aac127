import { MESSAGE_ID } from './dto/message.dto.js';

/** The fields of a text message in its most common shape, as Meta names them. */
export interface PlainTextMessage {
  readonly id: string;
  readonly from?: string;
  readonly from_user_id?: string;
  readonly timestamp: string;
  readonly body: string;
}

const DIGITS = /^[0-9]+$/;
const ALLOWED_KEYS = new Set(['id', 'from', 'from_user_id', 'timestamp', 'type', 'text']);

const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * Most messages are plain texts: `id`, `from` and/or `from_user_id`, `timestamp`, `type` and `text.body`, nothing
 * else. This checks that shape by hand, some twenty times cheaper than class-transformer and class-validator.
 * It accepts a strict subset of what `TextMessageDto` accepts (the spec proves it on generated inputs); any other
 * message (another type, a context, an extra field, a doubtful value) answers undefined and takes the DTO route.
 */
export function plainTextMessage(raw: Record<string, unknown>): PlainTextMessage | undefined {
  if (raw.type !== 'text') return undefined;
  for (const key in raw) if (!ALLOWED_KEYS.has(key)) return undefined;
  const { id, from, from_user_id, timestamp, text } = raw;
  if (typeof id !== 'string' || !MESSAGE_ID.test(id)) return undefined;
  if (typeof timestamp !== 'string' || !DIGITS.test(timestamp)) return undefined;
  // A sender by phone number, by user id, or both; each one present must be a non-empty string.
  if (from === undefined && from_user_id === undefined) return undefined;
  if (from !== undefined && !isNonEmptyString(from)) return undefined;
  if (from_user_id !== undefined && !isNonEmptyString(from_user_id)) return undefined;
  if (typeof text !== 'object' || text === null || Array.isArray(text)) return undefined;
  const body = (text as Record<string, unknown>).body;
  for (const key in text) if (key !== 'body') return undefined;
  if (typeof body !== 'string') return undefined;
  return { id, from: from as string | undefined, from_user_id: from_user_id as string | undefined, timestamp, body };
}
