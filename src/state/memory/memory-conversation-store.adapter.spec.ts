import { Logger } from '@nestjs/common';
import { RecordingLogger } from '../../testing/recording-logger.js';
import { MEMORY_STORE_FULL } from '../../common/errors/error-messages.js';
import { describeConversationStoreContract } from '../conversation-store.contract.js';
import { MemoryConversationStore } from './memory-conversation-store.adapter.js';

describeConversationStoreContract('MemoryConversationStore', async () => {
  let now = 1_000_000;
  const store = new MemoryConversationStore(60, 1000, () => now);
  return { store, ttlSeconds: 60, expire: async () => void (now += 60_001) };
});

describe('MemoryConversationStore', () => {
  it('keeps a state that is rewritten before its TTL runs out', async () => {
    let now = 0;
    const store = new MemoryConversationStore(10, 1000, () => now);
    await store.write('a', { data: {} });
    now = 9_000;
    await store.write('a', { flowId: 'x', data: {} });
    now = 15_000;
    expect(await store.read('a')).toEqual({ flowId: 'x', data: {} });
  });

  describe('size bound (SESSION_MAX_ENTRIES)', () => {
    let logger: RecordingLogger;

    beforeEach(() => {
      logger = new RecordingLogger(MemoryConversationStore.name);
      Logger.overrideLogger(logger);
    });
    afterEach(() => Logger.overrideLogger(false));

    it('forgets the least recently written user beyond the bound', async () => {
      const store = new MemoryConversationStore(3600, 2);
      await store.write('a', { flowId: 'a', data: {} });
      await store.write('b', { flowId: 'b', data: {} });
      await store.write('c', { flowId: 'c', data: {} });
      expect(await store.read('a')).toBeUndefined();
      expect(await store.read('b')).toEqual({ flowId: 'b', data: {} });
      expect(await store.read('c')).toEqual({ flowId: 'c', data: {} });
    });

    it('counts a read as use: the user read last is kept', async () => {
      const store = new MemoryConversationStore(3600, 2);
      await store.write('a', { flowId: 'a', data: {} });
      await store.write('b', { flowId: 'b', data: {} });
      await store.read('a');
      await store.write('c', { flowId: 'c', data: {} });
      expect(await store.read('a')).toEqual({ flowId: 'a', data: {} });
      expect(await store.read('b')).toBeUndefined();
    });

    it('warns once when eviction starts, not for every forgotten user', async () => {
      const store = new MemoryConversationStore(3600, 2);
      for (const waId of ['1', '2']) await store.write(waId, { data: {} });
      expect(logger.lines).toEqual([]);
      for (const waId of ['3', '4', '5', '6']) await store.write(waId, { data: {} });
      expect(logger.lines).toEqual([{ level: 'warn', message: MEMORY_STORE_FULL('conversations', 2) }]);
    });
  });
});
