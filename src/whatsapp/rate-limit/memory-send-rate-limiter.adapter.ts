import type { RateLimits } from './rate-limit.config.js';
import { SendRateLimiter } from './send-rate-limiter.port.js';
import { decideSend, msUntilFull, type BucketState, type SendDecision } from './token-bucket.js';

/** How often full pair buckets are forgotten; between sweeps memory follows the users messaged recently. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * The budgets of one process (in-process mode, no REDIS_URL). Same policy as the Redis adapter; a full bucket
 * is the same as a missing one, so full pair buckets are dropped on a sweep and memory stays bounded.
 */
export class MemorySendRateLimiter extends SendRateLimiter {
  private numberBucket: BucketState | undefined;
  private readonly pairBuckets = new Map<string, BucketState>();
  private lastSweepMs: number;

  constructor(
    private readonly limits: RateLimits,
    /** Injected for tests. */
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.lastSweepMs = now();
  }

  override async acquire(recipient: string | undefined, maxWaitMs: number): Promise<SendDecision> {
    const nowMs = this.now();
    this.sweep(nowMs);
    const outcome = decideSend({
      nowMs,
      maxWaitMs,
      number: this.numberBucket,
      numberLimit: this.limits.number,
      recipient: recipient === undefined ? null : this.pairBuckets.get(recipient),
      recipientLimit: this.limits.recipient,
    });
    if (outcome.number) this.numberBucket = outcome.number;
    if (outcome.recipient && recipient !== undefined) this.pairBuckets.set(recipient, outcome.recipient);
    return outcome.decision;
  }

  /** Pair buckets held in memory (for tests and diagnostics). */
  get trackedRecipients(): number {
    return this.pairBuckets.size;
  }

  private sweep(nowMs: number): void {
    if (nowMs - this.lastSweepMs < SWEEP_INTERVAL_MS) return;
    this.lastSweepMs = nowMs;
    for (const [recipient, state] of this.pairBuckets) {
      if (msUntilFull(state, this.limits.recipient, nowMs) <= 0) this.pairBuckets.delete(recipient);
    }
  }
}
