import type { ConsentStore } from './consent-store.port.js';

/** A store under test, and a way to make more time pass than any TTL in the app. */
export interface ConsentStoreUnderTest {
  readonly store: ConsentStore;
  readonly pastEveryTtl: () => Promise<void>;
  readonly cleanup?: () => Promise<void>;
}

/** The behaviour every ConsentStore adapter must show; each adapter's spec runs this suite. */
export function describeConsentStoreContract(name: string, make: () => Promise<ConsentStoreUnderTest>): void {
  describe(`${name} (ConsentStore contract)`, () => {
    let subject: ConsentStoreUnderTest;

    beforeEach(async () => {
      subject = await make();
    });
    afterEach(async () => {
      await subject.cleanup?.();
    });

    it('has no record for a user who never answered', async () => {
      expect(await subject.store.read('15550000000')).toBeUndefined();
    });

    it('reads back the last answer per user', async () => {
      await subject.store.write('15550000001', { marketing: 'opted_out', updatedAt: '2025-01-01T00:00:00.000Z' });
      await subject.store.write('15550000001', { marketing: 'opted_in', updatedAt: '2025-01-02T00:00:00.000Z' });
      await subject.store.write('15550000002', { marketing: 'opted_out', updatedAt: '2025-01-03T00:00:00.000Z' });
      expect(await subject.store.read('15550000001')).toEqual({
        marketing: 'opted_in',
        updatedAt: '2025-01-02T00:00:00.000Z',
      });
      expect(await subject.store.read('15550000002')).toEqual({
        marketing: 'opted_out',
        updatedAt: '2025-01-03T00:00:00.000Z',
      });
    });

    it('keeps an opt-out without expiry', async () => {
      await subject.store.write('15550000003', { marketing: 'opted_out', updatedAt: '2025-01-01T00:00:00.000Z' });
      await subject.pastEveryTtl();
      expect((await subject.store.read('15550000003'))?.marketing).toBe('opted_out');
    });
  });
}
