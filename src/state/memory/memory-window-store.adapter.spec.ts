import { jest } from '@jest/globals';
import { describeWindowStoreContract } from '../window-store.contract.js';
import { MemoryWindowStore } from './memory-window-store.adapter.js';

describeWindowStoreContract('MemoryWindowStore', async () => {
  jest.useFakeTimers({ now: 1_000_000_000 });
  return {
    store: new MemoryWindowStore(1000),
    advance: async (ms) => void jest.setSystemTime(Date.now() + ms),
    cleanup: async () => void jest.useRealTimers(),
  };
});

describe('MemoryWindowStore retention', () => {
  afterEach(() => jest.useRealTimers());

  it('forgets a user 48 h after their last message', async () => {
    jest.useFakeTimers({ now: 1_000_000_000 });
    const store = new MemoryWindowStore(10);
    await store.recordInbound('15550000001', Date.now());
    jest.setSystemTime(Date.now() + 48 * 3600 * 1000 + 1);
    expect(await store.lastInboundAt('15550000001')).toBeUndefined();
  });
});
