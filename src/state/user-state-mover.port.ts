import type { UserRef } from '../common/user-ref.js';

/**
 * Moves everything kept about a user to a new UserRef when WhatsApp says they changed number or user id: the
 * conversation (a registration in progress continues), the 24-hour window, the consent record and the
 * preferences. The old keys are gone afterwards, and what the new ref held is replaced. In Redis one script does
 * it all, so no other instance sees a half-moved user.
 */
export abstract class UserStateMover {
  abstract move(from: UserRef, to: UserRef): Promise<void>;
}

/** A memory store whose entries can change key: synchronous, so a move cannot interleave with another message. */
export interface RenamableMemoryStore {
  renameUser(from: UserRef, to: UserRef): void;
}
