import { Logger } from '@nestjs/common';
import { RecordingLogger } from '../testing/recording-logger.js';
import { MEMORY_STORE_FULL } from '../common/errors/error-messages.js';
import { MemoryRegistrationStore } from './memory-registration-store.adapter.js';
import { describeRegistrationStoreContract } from './registration-store.contract.js';

describeRegistrationStoreContract('MemoryRegistrationStore', async () => {
  const store = new MemoryRegistrationStore();
  return { store, stored: () => store.all() };
});

describe('MemoryRegistrationStore', () => {
  const ada = { name: 'Ada Lovelace', email: 'ada@example.org', city: 'London', phone: '15550001111' };

  it('hands out copies, so callers cannot change what is stored', async () => {
    const store = new MemoryRegistrationStore();
    const input = { ...ada };
    await store.create(input);

    input.name = 'changed by the caller';
    const found = await store.findByPhone(ada.phone);
    Object.assign(found ?? {}, { name: 'changed after lookup' });
    Object.assign(store.all()[0], { name: 'changed in all()' });

    expect(store.all()).toEqual([ada]);
  });
});

describe('MemoryRegistrationStore size bound (SESSION_MAX_ENTRIES)', () => {
  const registration = (phone: string) => ({
    name: `User ${phone}`,
    email: `${phone}@example.org`,
    city: 'Paris',
    phone,
  });
  let logger: RecordingLogger;

  beforeEach(() => {
    logger = new RecordingLogger(MemoryRegistrationStore.name);
    Logger.overrideLogger(logger);
  });
  afterEach(() => Logger.overrideLogger(false));

  it('forgets the least recently used registration beyond the bound', async () => {
    const store = new MemoryRegistrationStore(2);
    for (const phone of ['1', '2', '3']) await store.create(registration(phone));
    expect(await store.findByPhone('1')).toBeUndefined();
    expect(store.all().map(({ phone }) => phone)).toEqual(['2', '3']);
  });

  it('counts a lookup as use: the registration looked up last is kept', async () => {
    const store = new MemoryRegistrationStore(2);
    await store.create(registration('1'));
    await store.create(registration('2'));
    expect(await store.findByPhone('1')).toEqual(registration('1'));
    await store.create(registration('3'));
    expect(store.all().map(({ phone }) => phone)).toEqual(['1', '3']);
  });

  it('warns once when eviction starts, not for every forgotten registration', async () => {
    const store = new MemoryRegistrationStore(2);
    for (const phone of ['1', '2']) await store.create(registration(phone));
    expect(logger.lines).toEqual([]);
    for (const phone of ['3', '4', '5']) await store.create(registration(phone));
    expect(logger.lines).toEqual([{ level: 'warn', message: MEMORY_STORE_FULL('registrations', 2) }]);
  });
});
