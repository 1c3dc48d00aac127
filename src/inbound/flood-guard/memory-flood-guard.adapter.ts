import { FLOOD_WINDOW_MS, FloodGuard, type FloodVerdict } from './flood-guard.port.js';

/** Users followed at most; beyond it the least recently seen are forgotten first. */
export const DEFAULT_MAX_TRACKED_USERS = 10_000;

interface UserWindow {
  /** Messages let through in the last window, oldest first. */
  readonly passed: { readonly atMs: number; readonly messageId: string }[];
  /** Until when the user counts as told (0: never told). */
  noticeUntilMs: number;
  lastSeenMs: number;
}

/**
 * The flood guard of one process (in-process mode, no REDIS_URL). Memory is bounded: a user unseen for a minute
 * is the same as an unknown one and is dropped, and at most `maxUsers` are followed. Forgetting a user only gives
 * them a fresh budget, so eviction can never drop a message that should have passed.
 */
export class MemoryFloodGuard extends FloodGuard {
  /** Map order is last-seen order (re-inserted on every message): the first entries are the idlest. */
  private readonly users = new Map<string, UserWindow>();

  constructor(
    private readonly limitPerMinute: number,
    private readonly maxUsers: number = DEFAULT_MAX_TRACKED_USERS,
    /** Injected for tests. */
    private readonly now: () => number = Date.now,
  ) {
    super();
  }

  override async check(waId: string, messageId: string): Promise<FloodVerdict> {
    const nowMs = this.now();
    const user = this.users.get(waId) ?? { passed: [], noticeUntilMs: 0, lastSeenMs: nowMs };
    this.users.delete(waId);
    this.users.set(waId, user);
    user.lastSeenMs = nowMs;
    while (user.passed.length > 0 && user.passed[0].atMs <= nowMs - FLOOD_WINDOW_MS) user.passed.shift();

    let verdict: FloodVerdict;
    if (user.passed.some((entry) => entry.messageId === messageId)) {
      verdict = 'pass';
    } else if (user.passed.length < this.limitPerMinute) {
      user.passed.push({ atMs: nowMs, messageId });
      verdict = 'pass';
    } else if (user.noticeUntilMs <= nowMs) {
      user.noticeUntilMs = nowMs + FLOOD_WINDOW_MS;
      verdict = 'drop-and-notify';
    } else {
      verdict = 'drop';
    }
    this.evict(nowMs);
    return verdict;
  }

  /** Users held in memory (for tests and diagnostics). */
  get trackedUsers(): number {
    return this.users.size;
  }

  private evict(nowMs: number): void {
    for (const [waId, user] of this.users) {
      // Unseen for a window: nothing passed in it and any notice has expired, so the entry says nothing.
      const idle = user.lastSeenMs <= nowMs - FLOOD_WINDOW_MS;
      if (this.users.size <= this.maxUsers && !idle) break;
      this.users.delete(waId);
    }
  }
}
