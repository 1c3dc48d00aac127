import type { InboundEvent } from '../whatsapp/inbound-message.js';

/**
 * Where the webhook hands validated events. Resolves once the events are safely accepted
 * (in-process: at once; a durable queue: after it acknowledged them) and never waits for processing,
 * so slow downstream services cannot delay Meta's acknowledgement.
 */
export abstract class InboundQueue {
  abstract enqueue(events: readonly InboundEvent[]): Promise<void>;
}
