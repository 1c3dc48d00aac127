import type { ConversationState } from './conversation-state.js';

/**
 * Where each user's conversation state lives between messages. Keys are wa_ids. Entries expire after the
 * configured idle time, counted from the last write. Callers must not assume memory: the Redis adapter
 * returns copies, so a state is only saved by `write`.
 */
export abstract class ConversationStore {
  abstract read(waId: string): Promise<ConversationState | undefined>;
  abstract write(waId: string, state: ConversationState): Promise<void>;
  abstract delete(waId: string): Promise<void>;
}
