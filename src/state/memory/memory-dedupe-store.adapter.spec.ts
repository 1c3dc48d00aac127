import { MemoryDedupeStore } from './memory-dedupe-store.adapter.js';

describe('MemoryDedupeStore', () => {
  it('claims an id once', async () => {
    const store = new MemoryDedupeStore(3600, 100);
    expect(await store.claim('wamid.1')).toBe(true);
    expect(await store.claim('wamid.1')).toBe(false);
    expect(await store.claim('wamid.2')).toBe(true);
  });

  it('lets an id be claimed again after the TTL', async () => {
    let now = 0;
    const store = new MemoryDedupeStore(10, 100, () => now);
    expect(await store.claim('wamid.1')).toBe(true);
    now = 9_999;
    expect(await store.claim('wamid.1')).toBe(false);
    now = 10_001;
    expect(await store.claim('wamid.1')).toBe(true);
  });

  it('forgets the oldest ids beyond its size bound', async () => {
    const store = new MemoryDedupeStore(3600, 3);
    for (const id of ['a', 'b', 'c', 'd']) expect(await store.claim(id)).toBe(true);
    expect(await store.claim('a')).toBe(true); // evicted, so claimable again
    expect(await store.claim('d')).toBe(false);
  });
});
