import type { UserPreferencesStore } from './user-preferences-store.port.js';

/** A store under test, and a way to make more time pass than any session lasts. */
export interface PreferencesStoreUnderTest {
  readonly store: UserPreferencesStore;
  /** Moves time past every conversation TTL (fake clock, or a real wait). */
  readonly pastSessionTtl: () => Promise<void>;
  readonly cleanup?: () => Promise<void>;
}

/** The behaviour every UserPreferencesStore adapter must show; each adapter's spec runs this suite. */
export function describeUserPreferencesStoreContract(
  name: string,
  make: () => Promise<PreferencesStoreUnderTest>,
): void {
  describe(`${name} (UserPreferencesStore contract)`, () => {
    let subject: PreferencesStoreUnderTest;

    beforeEach(async () => {
      subject = await make();
    });
    afterEach(async () => {
      await subject.cleanup?.();
    });

    it('reads undefined for an unknown user', async () => {
      expect(await subject.store.read('15550000000')).toBeUndefined();
    });

    it('reads back what was written, per user, the last write winning', async () => {
      await subject.store.write('15550000001', { language: 'en' });
      await subject.store.write('15550000001', { language: 'es' });
      await subject.store.write('15550000002', { language: 'en' });
      expect(await subject.store.read('15550000001')).toEqual({ language: 'es' });
      expect(await subject.store.read('15550000002')).toEqual({ language: 'en' });
    });

    it('returns copies: mutating a read record does not change the store', async () => {
      await subject.store.write('15550000003', { language: 'es' });
      const read = (await subject.store.read('15550000003')) as { language?: string };
      read.language = 'en';
      expect(await subject.store.read('15550000003')).toEqual({ language: 'es' });
    });

    it('keeps preferences after any session would have expired', async () => {
      await subject.store.write('15550000004', { language: 'es' });
      await subject.pastSessionTtl();
      expect(await subject.store.read('15550000004')).toEqual({ language: 'es' });
    });
  });
}
