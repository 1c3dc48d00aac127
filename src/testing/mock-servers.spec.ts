import { freePort } from './free-port.js';
import { MOCK_INVALID_PORT, MOCK_LISTENING, MOCK_PORT_IN_USE } from './mock-server.messages.js';
import { parseMockNames, startMocks, type RunningMock } from './mock-servers.js';
import { MockHttpServer } from './mocks/mock-http-server.js';

describe('parseMockNames', () => {
  it.each`
    args                         | expected
    ${['graph']}                 | ${['graph']}
    ${['airtable', 'openai']}    | ${['airtable', 'openai']}
    ${['all']}                   | ${['graph', 'airtable', 'openai']}
    ${['graph', 'all', 'graph']} | ${['graph', 'airtable', 'openai']}
    ${[]}                        | ${undefined}
    ${['graph', 'stripe']}       | ${undefined}
  `('$args → $expected', ({ args, expected }: { args: string[]; expected: string[] | undefined }) => {
    expect(parseMockNames(args)).toEqual(expected);
  });
});

describe('startMocks', () => {
  let mocks: RunningMock[] = [];
  afterEach(async () => {
    await Promise.all(mocks.map((mock) => mock.stop()));
    mocks = [];
  });

  it('starts each mock on its MOCK_*_PORT and names the service variables that point at it', async () => {
    const [graphPort, airtablePort, openaiPort] = [await freePort(), await freePort(), await freePort()];
    mocks = await startMocks(['graph', 'airtable', 'openai'], {
      MOCK_GRAPH_PORT: String(graphPort),
      MOCK_AIRTABLE_PORT: String(airtablePort),
      MOCK_OPENAI_PORT: String(openaiPort),
      MOCK_AIRTABLE_BASE_ID: 'appTeamBase',
    });

    expect(mocks.map(({ name, url, serviceEnv }) => ({ name, url, serviceEnv }))).toEqual([
      {
        name: 'graph',
        url: `http://127.0.0.1:${graphPort}`,
        serviceEnv: { GRAPH_API_URL: `http://127.0.0.1:${graphPort}` },
      },
      {
        name: 'airtable',
        url: `http://127.0.0.1:${airtablePort}`,
        serviceEnv: { AIRTABLE_ENDPOINT_URL: `http://127.0.0.1:${airtablePort}`, AIRTABLE_BASE_ID: 'appTeamBase' },
      },
      {
        name: 'openai',
        url: `http://127.0.0.1:${openaiPort}`,
        serviceEnv: { OPENAI_BASE_URL: `http://127.0.0.1:${openaiPort}/v1` },
      },
    ]);
    for (const mock of mocks) expect((await fetch(`${mock.url}/__mock/requests`)).status).toBe(200);
  });

  it('requires the bearer token and phone-number id of MOCK_GRAPH_ACCESS_TOKEN and MOCK_GRAPH_PHONE_ID', async () => {
    mocks = await startMocks(['graph'], {
      MOCK_GRAPH_PORT: '0',
      MOCK_GRAPH_ACCESS_TOKEN: 'ci-token',
      MOCK_GRAPH_PHONE_ID: '106540352242922',
    });
    const send = async (phoneId: string, token: string) => {
      const response = await fetch(`${mocks[0].url}/v23.0/${phoneId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.X' }),
      });
      return { status: response.status, body: (await response.json()) as unknown };
    };

    expect(await send('106540352242922', 'wrong')).toMatchObject({ status: 401, body: { error: { code: 190 } } });
    expect(await send('999', 'ci-token')).toMatchObject({
      status: 400,
      body: { error: { code: 100, error_subcode: 33 } },
    });
    expect(await send('106540352242922', 'ci-token')).toEqual({ status: 200, body: { success: true } });
  });

  it.each(['http', '-1', '70000', '5005.5'])('refuses MOCK_GRAPH_PORT=%s with a message naming it', async (port) => {
    await expect(startMocks(['graph'], { MOCK_GRAPH_PORT: port })).rejects.toThrow(
      MOCK_INVALID_PORT('MOCK_GRAPH_PORT'),
    );
  });

  it('names the variable to change when a port is taken, and stops the mocks it had already started', async () => {
    const taken = await new MockHttpServer().start();
    const takenPort = Number(new URL(taken.url).port);
    const graphPort = await freePort();
    try {
      await expect(
        startMocks(['graph', 'openai'], { MOCK_GRAPH_PORT: String(graphPort), MOCK_OPENAI_PORT: String(takenPort) }),
      ).rejects.toThrow(MOCK_PORT_IN_USE('MOCK_OPENAI_PORT', takenPort));
      // The Graph mock started first is closed again: its port is free.
      await expect(new MockHttpServer().start({ port: graphPort }).then((server) => server.stop())).resolves.toBe(
        undefined,
      );
    } finally {
      await taken.stop();
    }
  });
});

describe('MOCK_LISTENING', () => {
  it('prints the URL, then the variables to set', () => {
    expect(MOCK_LISTENING('graph', 'http://127.0.0.1:5005', { GRAPH_API_URL: 'http://127.0.0.1:5005' })).toBe(
      'graph mock listening on http://127.0.0.1:5005 (GRAPH_API_URL=http://127.0.0.1:5005)',
    );
  });
});
