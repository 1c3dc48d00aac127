/**
 * Remembers which inbound message ids were already taken on, because Meta redelivers the same message
 * (for days) when it did not see our 200 in time.
 */
export abstract class DedupeStore {
  /** True the first time an id is claimed within the TTL, false for every repeat. Atomic per id. */
  abstract claim(messageId: string): Promise<boolean>;
}
