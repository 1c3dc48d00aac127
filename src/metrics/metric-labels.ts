/**
 * The label values our metrics may carry. Dashboards and alerts key on them, so they are a contract
 * (docs/observability.md lists each): every value comes from a fixed set or a checked shape, never from a user.
 * A value outside its set becomes `other`, so no phone number, BSUID, message id or text can become a label.
 */

/** What a Graph call was for: derived from the `/messages` body, or the media operation. */
export const OUTBOUND_KINDS = [
  'text',
  'interactive',
  'media',
  'template',
  'reaction',
  'location',
  'contacts',
  'read_receipt',
  'typing',
  'media_upload',
  'media_download',
  'media_delete',
  'other',
] as const;
export type OutboundKind = (typeof OUTBOUND_KINDS)[number];

/** WhatsApp's inbound message types as the mapper emits them (`unsupported` for any other). */
export const INBOUND_TYPES: ReadonlySet<string> = new Set([
  'text',
  'image',
  'video',
  'audio',
  'document',
  'sticker',
  'location',
  'contacts',
  'interactive',
  'flow_reply',
  'button',
  'reaction',
  'order',
  'system',
  'unsupported',
]);

/** Delivery statuses Meta reports for the bot's messages (another value becomes `other`). */
export const MESSAGE_STATUSES = ['sent', 'delivered', 'read', 'played', 'failed'] as const;

/** A failed delivery's Graph error code (digits), else `other`: error codes are a small, fixed set of Meta's. */
export function errorCodeLabel(code: number | undefined): string {
  return code !== undefined && Number.isInteger(code) && code >= 0 && code < 1e9 ? String(code) : OTHER;
}

/** The durable queue's states (in-process mode reports `waiting` only). */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'dead_lettered'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];
export type QueueBacklog = Partial<Record<QueueState, number>>;

export type FlowStepOutcome = 'ok' | 'error';

/** The fixed value of any label whose input was not in its set. */
export const OTHER = 'other';

/** Flow ids and step names are code (`@Flow({ id })`, `steps` keys), but stay short and plain to be a label. */
const CODE_NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/;

/** `name` if it has the shape of a flow id or step name, else `other`. */
export function codeNameLabel(name: string | undefined): string {
  return name !== undefined && CODE_NAME.test(name) ? name : OTHER;
}

/** An HTTP status as a label: `100`…`599`, else `other`. */
export function httpStatusLabel(status: number): string {
  return Number.isInteger(status) && status >= 100 && status <= 599 ? String(status) : OTHER;
}

/** A Graph call's result: `ok`, a Graph error code (digits), `http_<status>`, `network`, `timeout` or `error`. */
const OUTBOUND_RESULT = /^(ok|network|timeout|error|\d{1,9}|http_\d{3})$/;

export function outboundResultLabel(result: string): string {
  return OUTBOUND_RESULT.test(result) ? result : OTHER;
}

/** An AI call's result: `ok`, the failure kind (`timeout`, `connection`...) or `http_<status>`. */
const AI_RESULT = /^(ok|timeout|connection|aborted|empty_response|error|http_\d{3})$/;

export function aiResultLabel(result: string): string {
  return AI_RESULT.test(result) ? result : OTHER;
}
