import type { Registration } from './registration.js';
import { AlreadyRegisteredError } from './registration-store.error.js';
import type { RegistrationStore } from './registration-store.port.js';

/** A store under test, and what it holds underneath (to prove nothing extra was written). */
export interface RegistrationStoreUnderTest {
  readonly store: RegistrationStore;
  readonly stored: () => Registration[];
  readonly cleanup?: () => Promise<void>;
}

/** Values meant to break out of a formula string literal, or to match every record if they did. */
export const HOSTILE_PHONES = [
  "' OR 1=1",
  "x' OR '1'='1",
  '" OR "1"="1',
  "\\' OR TRUE() OR '",
  '\\',
  '\\\\',
  "'",
  '"',
  'line\nbreak',
  '}',
  '{Phone}',
  "' & {Phone} & '",
  "15550001111' , '",
];

const ADA: Registration = { name: 'Ada Lovelace', email: 'ada@example.org', city: 'London', phone: '15550001111' };

/** The behaviour every RegistrationStore adapter must show; each adapter's spec runs this suite. */
export function describeRegistrationStoreContract(name: string, make: () => Promise<RegistrationStoreUnderTest>): void {
  describe(`${name} (RegistrationStore contract)`, () => {
    let subject: RegistrationStoreUnderTest;

    beforeEach(async () => {
      subject = await make();
    });
    afterEach(async () => {
      await subject.cleanup?.();
    });

    it('finds nothing for a phone without a registration', async () => {
      expect(await subject.store.findByPhone('15550009999')).toBeUndefined();
    });

    it('finds a created registration by its phone, field for field', async () => {
      await subject.store.create(ADA);

      expect(await subject.store.findByPhone(ADA.phone)).toEqual(ADA);
      expect(subject.stored()).toEqual([ADA]);
    });

    it('keeps registrations apart by phone', async () => {
      const grace = { name: 'Grace Hopper', email: 'grace@example.org', city: 'New York', phone: '15550002222' };
      await subject.store.create(ADA);
      await subject.store.create(grace);

      expect(await subject.store.findByPhone(grace.phone)).toEqual(grace);
      expect(await subject.store.findByPhone(ADA.phone)).toEqual(ADA);
      expect(await subject.store.findByPhone('1555000')).toBeUndefined();
    });

    it('refuses a second registration for a phone and keeps the first one', async () => {
      await subject.store.create(ADA);

      const second = subject.store.create({ ...ADA, name: 'Someone Else', email: 'else@example.org' });

      await expect(second).rejects.toBeInstanceOf(AlreadyRegisteredError);
      await expect(second).rejects.toMatchObject({ code: 'AIRTABLE.ALREADY_REGISTERED' });
      expect(subject.stored()).toEqual([ADA]);
    });

    it.each(HOSTILE_PHONES.map((phone) => [JSON.stringify(phone), phone]))(
      'treats the phone %s literally: it matches only itself',
      async (_label, phone) => {
        await subject.store.create(ADA);

        expect(await subject.store.findByPhone(phone)).toBeUndefined();
        await subject.store.create({ ...ADA, phone });
        expect(await subject.store.findByPhone(phone)).toEqual({ ...ADA, phone });
        expect(await subject.store.findByPhone(ADA.phone)).toEqual(ADA);
        expect(subject.stored().map((registration) => registration.phone)).toEqual([ADA.phone, phone]);
      },
    );

    it('stores 20 concurrent registrations with different phones, each with its own data', async () => {
      const registrations = Array.from({ length: 20 }, (_, index) => ({
        name: `Person ${index}`,
        email: `person${index}@example.org`,
        city: `City ${index}`,
        phone: `1555000${String(index).padStart(4, '0')}`,
      }));

      await Promise.all(registrations.map((registration) => subject.store.create(registration)));

      const byPhone = (a: Registration, b: Registration) => a.phone.localeCompare(b.phone);
      expect([...subject.stored()].sort(byPhone)).toEqual(registrations);
      for (const registration of registrations) {
        expect(await subject.store.findByPhone(registration.phone)).toEqual(registration);
      }
    });
  });
}
