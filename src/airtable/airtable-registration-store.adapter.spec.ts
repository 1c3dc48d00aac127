import Airtable from 'airtable';
import { AirtableMock } from '../testing/mocks/airtable.mock-server.js';
import {
  AirtableRegistrationStore,
  type AirtableRegistrationStoreOptions,
} from './airtable-registration-store.adapter.js';
import { phoneEqualsFormula } from './phone-formula.js';
import type { Registration } from './registration.js';
import { describeRegistrationStoreContract } from './registration-store.contract.js';
import { AlreadyRegisteredError, RegistrationStoreError } from './registration-store.error.js';

const ADA: Registration = { name: 'Ada Lovelace', email: 'ada@example.org', city: 'London', phone: '15550001111' };

function storeFor(mock: AirtableMock, options: Partial<AirtableRegistrationStoreOptions> = {}) {
  return new AirtableRegistrationStore({
    apiKey: mock.apiKey,
    baseId: mock.baseId,
    tableName: mock.tableName,
    endpointUrl: mock.endpointUrl,
    timeoutMs: 2000,
    ...options,
  });
}

/** The rejection of `promise`, so assertions run outside any callback. */
async function failureOf(promise: Promise<unknown>): Promise<RegistrationStoreError> {
  const outcome = await promise.then(
    () => new Error('expected the call to fail'),
    (error: unknown) => error,
  );
  if (!(outcome instanceof RegistrationStoreError)) throw outcome;
  return outcome;
}

describeRegistrationStoreContract('AirtableRegistrationStore', async () => {
  const mock = await new AirtableMock().start();
  return {
    store: storeFor(mock),
    stored: () =>
      mock.records().map(({ fields: { Name, Email, City, Phone } }) => ({
        name: Name,
        email: Email,
        city: City,
        phone: Phone,
      })),
    cleanup: () => mock.stop(),
  };
});

describe('AirtableRegistrationStore', () => {
  let mock: AirtableMock;

  beforeAll(async () => {
    mock = await new AirtableMock().start();
  });
  afterEach(() => mock.reset());
  afterAll(() => mock.stop());

  describe('on the wire', () => {
    it('looks a phone up with the escaped formula and maxRecords=1', async () => {
      await storeFor(mock).findByPhone("x' OR '1'='1");

      expect(mock.server.requests).toHaveLength(1);
      const [request] = mock.server.requests;
      expect(request.method).toBe('GET');
      expect(request.path).toBe(`/v0/${mock.baseId}/Users`);
      expect(request.headers.authorization).toBe(`Bearer ${mock.apiKey}`);
      expect(Object.fromEntries(request.query)).toEqual({
        filterByFormula: phoneEqualsFormula("x' OR '1'='1"),
        maxRecords: '1',
      });
    });

    it('creates one record with exactly the fields Name, Email, City and Phone, after a lookup', async () => {
      await storeFor(mock).create(ADA);

      expect(mock.server.requests.map((request) => request.method)).toEqual(['GET', 'POST']);
      const create = mock.server.requests[1];
      expect(create.path).toBe(`/v0/${mock.baseId}/Users/`);
      expect(create.json).toEqual({
        records: [{ fields: { Name: 'Ada Lovelace', Email: 'ada@example.org', City: 'London', Phone: '15550001111' } }],
      });
      expect(mock.records().map((record) => record.fields)).toEqual([
        { Name: 'Ada Lovelace', Email: 'ada@example.org', City: 'London', Phone: '15550001111' },
      ]);
      expect(mock.records()[0].id).toMatch(/^rec[0-9A-Za-z]{14}$/);
    });

    it('encodes the table name in the path', async () => {
      const named = await new AirtableMock({ tableName: 'Sign-ups 2025/ä' }).start();
      try {
        await storeFor(named).create(ADA);

        expect(named.records()).toHaveLength(1);
        expect(named.server.requests[0].path).toBe(`/v0/${named.baseId}/Sign-ups%202025%2F%C3%A4`);
      } finally {
        await named.stop();
      }
    });
  });

  describe('records typed into the base', () => {
    it('reads empty cells as empty text', async () => {
      mock.seed({ Name: 'Typed By Hand', Phone: '15550003333' });

      expect(await storeFor(mock).findByPhone('15550003333')).toEqual({
        name: 'Typed By Hand',
        email: '',
        city: '',
        phone: '15550003333',
      });
    });

    it('counts them when refusing a duplicate', async () => {
      mock.seed({ Name: 'Typed By Hand', Phone: ADA.phone });

      await expect(storeFor(mock).create(ADA)).rejects.toBeInstanceOf(AlreadyRegisteredError);
      expect(mock.records()).toHaveLength(1);
      expect(mock.server.requests.map((request) => request.method)).toEqual(['GET']);
    });
  });

  describe('failures become RegistrationStoreError', () => {
    it.each`
      status | type
      ${500} | ${'SERVER_ERROR'}
      ${503} | ${'SERVICE_UNAVAILABLE'}
    `('turns a $status on lookup into an http failure', async ({ status, type }: { status: number; type: string }) => {
      mock.failNext(1, status);

      const error = await failureOf(storeFor(mock).findByPhone(ADA.phone));

      expect(error).toMatchObject({ code: 'AIRTABLE.REQUEST_FAILED', operation: 'lookup', failure: 'http', status });
      expect(error.airtableType).toBe(type);
    });

    it('turns a 500 on the write into a create failure and stores nothing', async () => {
      mock.failNext(1, 500, { method: 'POST' });

      const error = await failureOf(storeFor(mock).create(ADA));

      expect(error).toMatchObject({ operation: 'create', failure: 'http', status: 500 });
      expect(mock.records()).toEqual([]);
    });

    it('fails at once on a 429 instead of letting the SDK retry without limit', async () => {
      mock.failNext(1, 429);

      const error = await failureOf(storeFor(mock).findByPhone(ADA.phone));

      expect(error).toMatchObject({ failure: 'http', status: 429 });
      expect(mock.server.requests).toHaveLength(1);
    });

    it('keeps the token out of the error when it is refused', async () => {
      const error = await failureOf(storeFor(mock, { apiKey: 'patWrongSecret.123456' }).findByPhone(ADA.phone));

      expect(error).toMatchObject({ status: 401, airtableType: 'AUTHENTICATION_REQUIRED' });
      expect(`${error.message} ${String(error.stack)}`).not.toContain('patWrongSecret');
    });

    it('reports an unknown base with the SDK’s name for a 403', async () => {
      const error = await failureOf(storeFor(mock, { baseId: 'appSomeOtherBase0' }).findByPhone(ADA.phone));

      expect(error).toMatchObject({ status: 403, airtableType: 'NOT_AUTHORIZED' });
    });

    it('reports a table without a City field with Airtable’s 422 type, and stores nothing', async () => {
      const partial = await new AirtableMock({ fieldNames: ['Name', 'Email', 'Phone'] }).start();
      try {
        const error = await failureOf(storeFor(partial).create(ADA));

        expect(error).toMatchObject({ operation: 'create', status: 422, airtableType: 'UNKNOWN_FIELD_NAME' });
        expect(partial.records()).toEqual([]);
      } finally {
        await partial.stop();
      }
    });

    it('times out after timeoutMs without waiting for the answer', async () => {
      mock.delayWith(() => 1000);

      const error = await failureOf(storeFor(mock, { timeoutMs: 100 }).findByPhone(ADA.phone));

      expect(error).toMatchObject({ operation: 'lookup', failure: 'timeout' });
      // Its answer was still held back when the failure came.
      expect(mock.answered()).toBe(0);
    });

    it('reports a refused connection without the phone, which the SDK puts in its message', async () => {
      const closed = await new AirtableMock().start();
      const endpointUrl = closed.endpointUrl;
      await closed.stop();

      const error = await failureOf(storeFor(mock, { endpointUrl }).findByPhone(ADA.phone));

      expect(error).toMatchObject({ operation: 'lookup', failure: 'connection' });
      expect(`${error.message} ${String(error.stack)}`).not.toContain('15550001111');
    });
  });
});

// The adapter uses only select and create; these keep the mock honest for the SDK's other calls it serves.
describe('AirtableMock, through the SDK', () => {
  let mock: AirtableMock;
  let table: Airtable.Table<Airtable.FieldSet>;

  beforeAll(async () => {
    mock = await new AirtableMock().start();
    const airtable = new Airtable({ apiKey: mock.apiKey, endpointUrl: mock.endpointUrl, noRetryIfRateLimited: true });
    table = airtable.base(mock.baseId)(mock.tableName);
  });
  afterEach(() => mock.reset());
  afterAll(() => mock.stop());

  it('creates a single record from { fields } and finds it by id', async () => {
    const created = await table.create({ Name: 'Ada', Phone: '15550001111' });

    const found = await table.find(created.id);

    expect(mock.server.requests[0].json).toEqual({ fields: { Name: 'Ada', Phone: '15550001111' } });
    expect(found.fields).toEqual({ Name: 'Ada', Phone: '15550001111' });
    expect(found.id).toBe(mock.records()[0].id);
  });

  it('answers 404 for an unknown record id', async () => {
    await expect(table.find('rec00000000000404')).rejects.toMatchObject({ statusCode: 404, error: 'NOT_FOUND' });
  });

  it('refuses a formula other than one field equal to one text, as Airtable refuses an invalid one', async () => {
    const select = table.select({ filterByFormula: "OR({Phone} = 'a', TRUE())" }).firstPage();

    await expect(select).rejects.toMatchObject({ statusCode: 422, error: 'INVALID_FILTER_BY_FORMULA' });
  });

  it('pages through records with offset', async () => {
    for (let index = 0; index < 5; index++) mock.seed({ Name: `Person ${index}` });

    const names = (await table.select({ pageSize: 2 }).all()).map((record) => record.fields.Name);

    expect(names).toEqual(['Person 0', 'Person 1', 'Person 2', 'Person 3', 'Person 4']);
    expect(mock.server.requests).toHaveLength(3);
  });
});
