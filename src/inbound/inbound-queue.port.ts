import { AppError } from '../common/errors/app.error.js';
import { INTAKE_UNAVAILABLE } from '../common/errors/error-messages.js';
import { userRefOf } from '../common/user-ref.js';
import type { InboundEvent } from '../whatsapp/inbound-message.js';

/** The backlog of a durable queue, as `/health` reports it. */
export interface InboundQueueStats {
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
  readonly failed: number;
  readonly deadLettered: number;
}

/**
 * Thrown by `enqueue` when the events could not be accepted: Redis unreachable, or the in-process backlog full.
 * Nothing was half accepted that a redelivery would not complete, so the webhook answers 503 and Meta delivers
 * again later.
 */
export class InboundQueueUnavailableError extends AppError {
  readonly code = 'INBOUND.QUEUE_UNAVAILABLE';

  constructor(options?: ErrorOptions, message = INTAKE_UNAVAILABLE()) {
    super(message, options);
  }
}

/**
 * Where the webhook hands validated events. Resolves once the events are safely accepted
 * (in-process: at once; a durable queue: after it acknowledged them) and never waits for processing,
 * so slow downstream services cannot delay Meta's acknowledgement. Rejects with
 * `InboundQueueUnavailableError` when they could not be accepted.
 */
export abstract class InboundQueue {
  abstract enqueue(events: readonly InboundEvent[]): Promise<void>;

  /** The backlog, for queues that keep one outside this process; `undefined` for the in-process queue. */
  stats(): Promise<InboundQueueStats | undefined> {
    return Promise.resolve(undefined);
  }
}

/**
 * The key that orders a message: the sender's wa_id, the conversation store's key (ordering by anything else would
 * let reads and writes of one state interleave). Username-only senders fall back to their user id.
 */
export function orderingKeyOf(event: InboundEvent): string | undefined {
  if (event.kind !== 'message') return undefined;
  return userRefOf(event.message) ?? event.message.id;
}
