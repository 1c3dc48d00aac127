/**
 * Runs tasks one after another per key and in parallel across keys (grammY runner's `sequentialize` idea).
 * A key's chain is dropped once idle, so memory follows active users, not all users ever seen.
 */
export class KeyedSerialQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly pending = new Set<Promise<void>>();
  /** Callers of `waitForRoom`, oldest first. */
  private readonly roomWaiters: { readonly limit: number; readonly resolve: () => void }[] = [];

  /** Queues `task` behind earlier tasks of `key`. The returned promise never rejects: `task` handles its errors. */
  run(key: string, task: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const current = previous.then(task).catch(() => undefined);
    this.tails.set(key, current);
    this.pending.add(current);
    void current.finally(() => {
      this.pending.delete(current);
      if (this.tails.get(key) === current) this.tails.delete(key);
      while (this.roomWaiters.length > 0 && this.pending.size <= this.roomWaiters[0].limit) {
        this.roomWaiters.shift()?.resolve();
      }
    });
    return current;
  }

  /** Tasks queued or running. */
  get size(): number {
    return this.pending.size;
  }

  /** Resolves once at most `limit` tasks are queued or running, or after `timeoutMs`, whichever comes first. */
  waitForRoom(limit: number, timeoutMs: number): Promise<void> {
    if (this.pending.size <= limit) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = {
        limit,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.roomWaiters.splice(this.roomWaiters.indexOf(waiter), 1);
        resolve();
      }, timeoutMs);
      this.roomWaiters.push(waiter);
    });
  }

  /** Resolves when every queued task is done, or after `timeoutMs`, whichever comes first. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    // Tasks queued while draining are waited for too, within the same deadline.
    while (this.pending.size > 0) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, remaining)));
      await Promise.race([Promise.allSettled([...this.pending]), timeout]);
      clearTimeout(timer);
    }
    return true;
  }
}
