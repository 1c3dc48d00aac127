/** Most users in one drain job: one worker slot drains them side by side. */
export const MAX_USERS_PER_JOB = 50;

/**
 * Gathers the drain requests of one turn of the event loop (the webhooks whose messages Redis just appended) into
 * one BullMQ job, added once the turn is over. A job costs Redis about forty commands whatever it carries (its
 * hash, its events, its moves between lists), so under load that cost is shared by many messages instead of being
 * paid by each; alone, a request waits for nothing but the end of the current turn. Every requester awaits the
 * add: the webhook answers 200 only once the job is in Redis, and a failed add fails each of them.
 */
export class DrainRequests {
  private open: { readonly waIds: Set<string>; readonly added: Promise<void> } | undefined;

  constructor(private readonly addJob: (waIds: readonly string[]) => Promise<void>) {}

  request(waId: string): Promise<void> {
    const batch = this.open ?? this.openBatch();
    batch.waIds.add(waId);
    // A full batch still leaves at the end of the turn; the next request starts another.
    if (batch.waIds.size >= MAX_USERS_PER_JOB) this.open = undefined;
    return batch.added;
  }

  private openBatch(): NonNullable<DrainRequests['open']> {
    const waIds = new Set<string>();
    const added = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      if (this.open?.waIds === waIds) this.open = undefined;
      return this.addJob([...waIds]);
    });
    this.open = { waIds, added };
    return this.open;
  }
}
