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
