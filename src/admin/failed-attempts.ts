/** How many failures block an address, over what window, for how long, and how many addresses are remembered. */
export interface FailedAttemptsOptions {
  readonly maxFailures: number;
  readonly windowMs: number;
  readonly blockMs: number;
  readonly maxAddresses: number;
}

/** 10 failures within a minute block the address for a minute. */
export const ADMIN_FAILED_ATTEMPTS: FailedAttemptsOptions = {
  maxFailures: 10,
  windowMs: 60_000,
  blockMs: 60_000,
  maxAddresses: 10_000,
};

interface AddressRecord {
  /** Times of the failures still inside the window, oldest first. */
  failures: number[];
  /** Until when this address is refused; 0 when it is not. */
  blockedUntil: number;
}

/**
 * Failed authentication attempts per client address, in memory: enough to make guessing ADMIN_TOKEN over HTTP
 * hopeless (on top of its 32+ characters). Each instance keeps its own counts, so with several instances an address
 * gets `maxFailures` tries at each. At most `maxAddresses` are remembered: the least recently failing is forgotten
 * first, so a flood from many addresses costs bounded memory (an attacker with that many addresses could as well
 * spread its guesses over them).
 */
export class FailedAttempts {
  private readonly byAddress = new Map<string, AddressRecord>();

  constructor(
    private readonly options: FailedAttemptsOptions = ADMIN_FAILED_ATTEMPTS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Milliseconds until `address` may try again; 0 when it is not blocked. */
  blockedFor(address: string): number {
    const record = this.byAddress.get(address);
    if (!record || record.blockedUntil === 0) return 0;
    const remaining = record.blockedUntil - this.now();
    if (remaining > 0) return remaining;
    // The block is over: the address starts again from a clean count.
    this.byAddress.delete(address);
    return 0;
  }

  /** Counts one failure of `address`; true when it is the one that blocks the address. */
  recordFailure(address: string): boolean {
    const now = this.now();
    const record = this.byAddress.get(address) ?? { failures: [], blockedUntil: 0 };
    record.failures = record.failures.filter((time) => time > now - this.options.windowMs);
    record.failures.push(now);
    const blocks = record.failures.length >= this.options.maxFailures;
    if (blocks) {
      record.blockedUntil = now + this.options.blockMs;
      record.failures = [];
    }
    // Re-inserted so the Map's order is least recently failing first: that one is dropped when full.
    this.byAddress.delete(address);
    this.byAddress.set(address, record);
    if (this.byAddress.size > this.options.maxAddresses)
      this.byAddress.delete(this.byAddress.keys().next().value as string);
    return blocks;
  }

  /** How many addresses are remembered (for tests of the bound). */
  get size(): number {
    return this.byAddress.size;
  }
}
