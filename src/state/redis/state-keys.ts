/**
 * Where the state adapters keep their data in Redis. Shared with the durable intake, whose enqueue script claims
 * message ids in the very keys `RedisDedupeStore` uses, so both always agree on what was already seen.
 */
export const stateKeys = (prefix: string) => ({
  session: (waId: string) => `${prefix}session:${waId}`,
  dedupe: (messageId: string) => `${prefix}dedupe:${messageId}`,
  /** Per-user preferences (the language): no TTL, they outlive every conversation. */
  user: (waId: string) => `${prefix}user:${waId}`,
});
