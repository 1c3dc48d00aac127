import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { MEMORY_STORE_FULL } from '../../common/errors/error-messages.js';
import { RecordingLogger } from '../../testing/recording-logger.js';
import { describeUserPreferencesStoreContract } from '../user-preferences-store.contract.js';
import { MemoryUserPreferencesStore } from './memory-user-preferences-store.adapter.js';

describeUserPreferencesStoreContract('MemoryUserPreferencesStore', async () => {
  jest.useFakeTimers({ now: 1_000_000 });
  return {
    store: new MemoryUserPreferencesStore(1000),
    // Far beyond any SESSION_TTL_SECONDS: a store that expired entries by the clock would lose the choice here.
    pastSessionTtl: async () => void jest.setSystemTime(Date.now() + 400 * 24 * 3600 * 1000),
    cleanup: async () => void jest.useRealTimers(),
  };
});

describe('MemoryUserPreferencesStore size bound (SESSION_MAX_ENTRIES)', () => {
  let logger: RecordingLogger;
  beforeEach(() => {
    logger = new RecordingLogger(MemoryUserPreferencesStore.name);
    Logger.overrideLogger(logger);
  });
  afterEach(() => Logger.overrideLogger(false));

  it('forgets the least recently used user beyond the bound, warning once', async () => {
    const store = new MemoryUserPreferencesStore(2);
    for (const waId of ['a', 'b', 'c', 'd']) await store.write(waId, { language: 'es' });
    expect(await store.read('a')).toBeUndefined();
    expect(await store.read('d')).toEqual({ language: 'es' });
    expect(logger.lines).toEqual([{ level: 'warn', message: MEMORY_STORE_FULL('preferences', 2) }]);
  });
});
