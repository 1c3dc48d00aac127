import { AirtableMock } from './airtable.mock-server.js';

describe('AirtableMock control routes (over HTTP)', () => {
  let airtable: AirtableMock;
  const list = () =>
    fetch(`${airtable.endpointUrl}/v0/${airtable.baseId}/${airtable.tableName}`, {
      headers: { authorization: `Bearer ${airtable.apiKey}` },
    });
  const control = (path: string, body?: unknown) =>
    fetch(`${airtable.endpointUrl}/__mock/${path}`, { method: 'POST', body: JSON.stringify(body ?? {}) });

  beforeEach(async () => {
    airtable = await new AirtableMock().start();
  });
  afterEach(() => airtable.stop());

  it("fails with Airtable's error body", async () => {
    await control('failures', { match: { method: 'GET' }, status: 429 });

    const response = await list();

    expect(response.status).toBe(429);
    expect(await response.json()).toEqual({
      error: { type: 'RATE_LIMIT_REACHED', message: 'Rate limit exceeded. Please try again later' },
    });
    expect((await list()).status).toBe(200);
  });

  it('forgets records on POST /__mock/reset', async () => {
    airtable.seed({ Name: 'Ada', Phone: '15551234567' });

    await control('reset');

    expect(airtable.records()).toEqual([]);
    expect(await (await fetch(`${airtable.endpointUrl}/__mock/requests`)).json()).toEqual([]);
  });
});
