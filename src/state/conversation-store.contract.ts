import type { ConversationState } from './conversation-state.js';
import type { ConversationStore } from './conversation-store.port.js';

/** A store under test plus a way to make time pass for it (fake clock or real TTL). */
export interface StoreUnderTest {
  readonly store: ConversationStore;
  readonly ttlSeconds: number;
  /** Moves time past the TTL for this store. */
  readonly expire: () => Promise<void>;
  readonly cleanup?: () => Promise<void>;
}

/** The behaviour every ConversationStore adapter must show; each adapter's spec runs this suite. */
export function describeConversationStoreContract(name: string, make: () => Promise<StoreUnderTest>): void {
  describe(`${name} (ConversationStore contract)`, () => {
    let subject: StoreUnderTest;
    const state: ConversationState = { flowId: 'register', step: 'email', data: { register: { name: 'Ada' } } };

    beforeEach(async () => {
      subject = await make();
    });
    afterEach(async () => {
      await subject.cleanup?.();
    });

    it('reads undefined for an unknown user', async () => {
      expect(await subject.store.read('15550000000')).toBeUndefined();
    });

    it('reads back what was written, per user', async () => {
      await subject.store.write('15550000001', state);
      await subject.store.write('15550000002', { data: {} });
      expect(await subject.store.read('15550000001')).toEqual(state);
      expect(await subject.store.read('15550000002')).toEqual({ data: {} });
    });

    it('returns copies: mutating a read state does not change the store', async () => {
      // Compared with a copy taken first: a store that kept the caller's object would change `state` too.
      const written = structuredClone(state);
      await subject.store.write('15550000003', state);
      const read = (await subject.store.read('15550000003')) as { data: Record<string, unknown> };
      read.data.register = { name: 'changed' };
      expect(await subject.store.read('15550000003')).toEqual(written);
    });

    it('deletes', async () => {
      await subject.store.write('15550000004', state);
      await subject.store.delete('15550000004');
      expect(await subject.store.read('15550000004')).toBeUndefined();
    });

    it('forgets a state after the idle TTL', async () => {
      await subject.store.write('15550000005', state);
      await subject.expire();
      expect(await subject.store.read('15550000005')).toBeUndefined();
    });
  });
}
