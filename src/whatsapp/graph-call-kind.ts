import type { OutboundKind } from '../metrics/metric-labels.js';
import type { GraphMessagesRequest } from './message-transport.port.js';

/** Graph's media message types, counted together as `media`. */
const MEDIA_TYPES: ReadonlySet<unknown> = new Set(['image', 'video', 'audio', 'document', 'sticker']);
const MESSAGE_KINDS: ReadonlySet<unknown> = new Set([
  'text',
  'interactive',
  'template',
  'reaction',
  'location',
  'contacts',
]);

/**
 * The kind of a `/messages` call, for metrics and spans: the body's `type`, media types as `media`, a read receipt
 * (`status: read`) as `read_receipt`, or `typing` when it carries a typing indicator. Anything else is `other`.
 */
export function graphCallKindOf(body: GraphMessagesRequest): OutboundKind {
  if ('status' in body) return 'typing_indicator' in body ? 'typing' : 'read_receipt';
  const type = body.type;
  if (MEDIA_TYPES.has(type)) return 'media';
  if (MESSAGE_KINDS.has(type)) return type as OutboundKind;
  return 'other';
}
