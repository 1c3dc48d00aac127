import { describeConversationStoreContract } from '../conversation-store.contract.js';
import { MemoryConversationStore } from './memory-conversation-store.adapter.js';

describeConversationStoreContract('MemoryConversationStore', async () => {
  let now = 1_000_000;
  const store = new MemoryConversationStore(60, () => now);
  return { store, ttlSeconds: 60, expire: async () => void (now += 60_001) };
});

describe('MemoryConversationStore', () => {
  it('keeps a state that is rewritten before its TTL runs out', async () => {
    let now = 0;
    const store = new MemoryConversationStore(10, () => now);
    await store.write('a', { data: {} });
    now = 9_000;
    await store.write('a', { flowId: 'x', data: {} });
    now = 15_000;
    expect(await store.read('a')).toEqual({ flowId: 'x', data: {} });
  });
});
