/**
 * Where the state adapters keep their data in Redis. Shared with the durable intake, whose enqueue script claims
 * message ids in the very keys `RedisDedupeStore` uses, so both always agree on what was already seen.
 */
export const stateKeys = (prefix: string) => ({
  session: (waId: string) => `${prefix}session:${waId}`,
  dedupe: (messageId: string) => `${prefix}dedupe:${messageId}`,
  /** Per-user preferences (the language): no TTL, they outlive every conversation. */
  user: (waId: string) => `${prefix}user:${waId}`,
  /** Last inbound time per user (the 24 h window): its own TTL, independent of the session's. */
  window: (waId: string) => `${prefix}window:${waId}`,
  /** Marketing consent per user: no TTL, it is a consent record. */
  consent: (waId: string) => `${prefix}consent:${waId}`,
  /** The wa_id a BSUID belongs to: no TTL, like the preferences it leads to. */
  identity: (userId: string) => `${prefix}identity:${userId}`,
  notification: (id: string) => `${prefix}notification:${id}`,
  notificationByMessage: (messageId: string) => `${prefix}notification-wamid:${messageId}`,
  notificationKey: (key: string) => `${prefix}notification-key:${key}`,
});
