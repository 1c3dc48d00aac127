import { currentTraceparent } from '../tracing/spans.js';
import type { InboundEvent } from '../whatsapp/inbound-message.js';

/**
 * An inbound event as a queue holds it (in memory, or as JSON in a Redis inbox): the event plus what processing
 * needs to know about its intake. Both fields are optional: entries queued by an older version have neither.
 */
export type QueuedEvent = InboundEvent & {
  /** When intake accepted it (epoch ms); the webhook's 200 follows at once. Starts `message_processing_seconds`. */
  readonly acceptedAt?: number;
  /** The webhook span's W3C trace context, so processing joins the same trace, in another process too. */
  readonly traceparent?: string;
};

/** `event` stamped at intake with the time and the active trace context (absent while tracing is off). */
export function queuedAt(event: InboundEvent, acceptedAt: number): QueuedEvent {
  const traceparent = currentTraceparent();
  return traceparent === undefined ? { ...event, acceptedAt } : { ...event, acceptedAt, traceparent };
}
