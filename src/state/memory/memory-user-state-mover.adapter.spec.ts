import { describeUserStateMoverContract } from '../user-state-mover.contract.js';
import { MemoryConsentStore } from './memory-consent-store.adapter.js';
import { MemoryConversationStore } from './memory-conversation-store.adapter.js';
import { MemoryUserIdentityStore } from './memory-user-identity-store.adapter.js';
import { MemoryUserPreferencesStore } from './memory-user-preferences-store.adapter.js';
import { MemoryUserStateMover } from './memory-user-state-mover.adapter.js';
import { MemoryWindowStore } from './memory-window-store.adapter.js';

describeUserStateMoverContract('MemoryUserStateMover', async () => {
  const sessions = new MemoryConversationStore(3600, 100);
  const windows = new MemoryWindowStore(100);
  const consents = new MemoryConsentStore();
  const preferences = new MemoryUserPreferencesStore(100);
  return {
    mover: new MemoryUserStateMover([sessions, windows, consents, preferences]),
    sessions,
    windows,
    consents,
    preferences,
    identities: new MemoryUserIdentityStore(100),
    cleanup: async () => undefined,
  };
});
