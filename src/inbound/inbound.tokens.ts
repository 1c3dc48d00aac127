/** The durable side of inbound (`DurableInbound`: BullMQ queue and user inboxes), or `null` in in-process mode. */
export const DURABLE_INBOUND = Symbol('DURABLE_INBOUND');
