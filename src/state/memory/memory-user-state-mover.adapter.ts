import type { UserRef } from '../../common/user-ref.js';
import { UserStateMover, type RenamableMemoryStore } from '../user-state-mover.port.js';

/** Renames the user in every in-process store, in one synchronous step. */
export class MemoryUserStateMover extends UserStateMover {
  constructor(private readonly stores: readonly RenamableMemoryStore[]) {
    super();
  }

  async move(from: UserRef, to: UserRef): Promise<void> {
    if (from === to) return;
    for (const store of this.stores) store.renameUser(from, to);
  }
}
