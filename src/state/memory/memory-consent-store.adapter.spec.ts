import { jest } from '@jest/globals';
import { describeConsentStoreContract } from '../consent-store.contract.js';
import { MemoryConsentStore } from './memory-consent-store.adapter.js';

describeConsentStoreContract('MemoryConsentStore', async () => {
  jest.useFakeTimers({ now: 1_000_000 });
  return {
    store: new MemoryConsentStore(),
    pastEveryTtl: async () => void jest.setSystemTime(Date.now() + 400 * 24 * 3600 * 1000),
    cleanup: async () => void jest.useRealTimers(),
  };
});
