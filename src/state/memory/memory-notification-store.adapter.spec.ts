import { jest } from '@jest/globals';
import {
  CONTRACT_NOTIFICATION_TTL_SECONDS,
  describeNotificationStoreContract,
} from '../notification-store.contract.js';
import { MemoryNotificationStore } from './memory-notification-store.adapter.js';

describeNotificationStoreContract('MemoryNotificationStore', async () => {
  jest.useFakeTimers({ now: 1_000_000 });
  return {
    store: new MemoryNotificationStore(CONTRACT_NOTIFICATION_TTL_SECONDS, 1000),
    advance: async (seconds) => void jest.setSystemTime(Date.now() + seconds * 1000),
    cleanup: async () => void jest.useRealTimers(),
  };
});
