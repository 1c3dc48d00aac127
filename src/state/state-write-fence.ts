import { AsyncLocalStorage } from 'node:async_hooks';
import { AppError } from '../common/errors/app.error.js';
import { FENCED_WRITE_REJECTED } from '../common/errors/error-messages.js';

/**
 * Proof that the code running now holds one user's lock: the lock's Redis key and the random token it was taken
 * with. A store that sees a fence for the user it writes checks the token atomically with the write, so a worker
 * whose lock expired (a long pause, a lost connection) cannot overwrite what the lock's new holder wrote.
 */
export interface StateWriteFence {
  readonly waId: string;
  readonly lockKey: string;
  readonly token: string;
}

/** A state write refused because the writer's lock is gone; the message is another worker's now. */
export class FencedWriteRejectedError extends AppError {
  readonly code = 'STATE.FENCED_WRITE_REJECTED';

  constructor() {
    super(FENCED_WRITE_REJECTED());
  }
}

const fences = new AsyncLocalStorage<StateWriteFence>();

/**
 * Runs `work` with `fence` in force for everything it awaits. The fence travels with the async context, not as a
 * parameter, so the flows and the `ConversationStore` port stay unaware of locks.
 */
export function runFenced<T>(fence: StateWriteFence, work: () => Promise<T>): Promise<T> {
  return fences.run(fence, work);
}

/** The fence of the current async context for `waId`, if the caller runs under one. */
export function fenceFor(waId: string): StateWriteFence | undefined {
  const fence = fences.getStore();
  return fence?.waId === waId ? fence : undefined;
}
