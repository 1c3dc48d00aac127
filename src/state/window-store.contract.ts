import type { WindowStore } from './window-store.port.js';

/** A store under test, and a way to let time pass (a fake clock, or rewriting what Redis holds). */
export interface WindowStoreUnderTest {
  readonly store: WindowStore;
  /** Moves time forward by `ms`, so retention can be checked. */
  readonly advance: (ms: number) => Promise<void>;
  readonly cleanup?: () => Promise<void>;
}

/** The behaviour every WindowStore adapter must show; each adapter's spec runs this suite. */
export function describeWindowStoreContract(name: string, make: () => Promise<WindowStoreUnderTest>): void {
  describe(`${name} (WindowStore contract)`, () => {
    let subject: WindowStoreUnderTest;

    beforeEach(async () => {
      subject = await make();
    });
    afterEach(async () => {
      await subject.cleanup?.();
    });

    it('knows nothing of a user who never wrote', async () => {
      expect(await subject.store.lastInboundAt('15550000000')).toBeUndefined();
    });

    it('keeps the latest inbound time per user, ignoring an older one', async () => {
      const now = Date.now();
      await subject.store.recordInbound('15550000001', now - 1000);
      await subject.store.recordInbound('15550000001', now);
      await subject.store.recordInbound('15550000001', now - 5000);
      await subject.store.recordInbound('15550000002', now - 2000);
      expect(await subject.store.lastInboundAt('15550000001')).toBe(now);
      expect(await subject.store.lastInboundAt('15550000002')).toBe(now - 2000);
    });

    it('still knows the time 25 h later (past the 24 h window and any session TTL)', async () => {
      const now = Date.now();
      await subject.store.recordInbound('15550000003', now);
      await subject.advance(25 * 3600 * 1000);
      expect(await subject.store.lastInboundAt('15550000003')).toBe(now);
    });

    it('rewinds the last inbound time (time travel) and leaves an unknown user unknown', async () => {
      const now = Date.now();
      await subject.store.recordInbound('15550000004', now);
      await subject.store.rewind('15550000004', 25 * 3600 * 1000);
      await subject.store.rewind('15550000005', 1000);
      expect(await subject.store.lastInboundAt('15550000004')).toBe(now - 25 * 3600 * 1000);
      expect(await subject.store.lastInboundAt('15550000005')).toBeUndefined();
    });
  });
}
