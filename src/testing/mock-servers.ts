import { AirtableMock } from './mocks/airtable.mock-server.js';
import { GraphApiMock } from './mocks/graph-api.mock-server.js';
import type { MockListenOptions } from './mocks/mock-http-server.js';
import { OpenAiMock } from './mocks/openai.mock-server.js';
import { MOCK_INVALID_PORT, MOCK_PORT_IN_USE } from './mock-server.messages.js';

export const MOCK_NAMES = ['graph', 'airtable', 'openai'] as const;
export type MockName = (typeof MOCK_NAMES)[number];

/** A mock started by `startMocks`: where it listens and the service variables that point at it. */
export interface RunningMock {
  readonly name: MockName;
  /** The server's base URL; its control routes are under `${url}/__mock/`. */
  readonly url: string;
  /** E.g. `{ GRAPH_API_URL: url }`: what the service needs to talk to this mock instead of the real API. */
  readonly serviceEnv: Readonly<Record<string, string>>;
  stop(): Promise<void>;
}

type Env = Readonly<Record<string, string | undefined>>;

/** Each mock's port variable and default port (`npm run mocks` starts all three side by side). */
export const MOCK_PORTS: Readonly<Record<MockName, { readonly variable: string; readonly defaultPort: number }>> = {
  graph: { variable: 'MOCK_GRAPH_PORT', defaultPort: 5005 },
  airtable: { variable: 'MOCK_AIRTABLE_PORT', defaultPort: 5006 },
  openai: { variable: 'MOCK_OPENAI_PORT', defaultPort: 5007 },
};

/** The mocks named on a command line (`all` means every one), or undefined when a name is unknown or none given. */
export function parseMockNames(args: readonly string[]): MockName[] | undefined {
  if (args.length === 0) return undefined;
  const names = new Set<MockName>();
  for (const arg of args) {
    if (arg === 'all') MOCK_NAMES.forEach((name) => names.add(name));
    else if ((MOCK_NAMES as readonly string[]).includes(arg)) names.add(arg as MockName);
    else return undefined;
  }
  return [...names];
}

/**
 * Starts the named mocks on their ports (`MOCK_GRAPH_PORT`, `MOCK_AIRTABLE_PORT`, `MOCK_OPENAI_PORT`) and host
 * (`MOCK_HOST`, default 127.0.0.1), configured from `env`. If one cannot start, those already started are stopped.
 */
export async function startMocks(names: readonly MockName[], env: Env = process.env): Promise<RunningMock[]> {
  const listens = names.map((name) => ({ name, listen: listenOptions(name, env) }));
  const running: RunningMock[] = [];
  try {
    for (const { name, listen } of listens) {
      running.push(
        await startMock(name, listen, env).catch((error: unknown) => rethrowListenError(name, listen, error)),
      );
    }
  } catch (error) {
    await Promise.all(running.map((mock) => mock.stop()));
    throw error;
  }
  return running;
}

function listenOptions(name: MockName, env: Env): Required<MockListenOptions> {
  const { variable, defaultPort } = MOCK_PORTS[name];
  const text = env[variable] || String(defaultPort);
  if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new Error(MOCK_INVALID_PORT(variable));
  return { port: Number(text), host: env.MOCK_HOST || '127.0.0.1' };
}

async function startMock(name: MockName, listen: MockListenOptions, env: Env): Promise<RunningMock> {
  if (name === 'graph') {
    // Unset, the mock accepts any token and phone-number id: a team's CI need not repeat its secrets here.
    const graph = await new GraphApiMock({
      accessToken: env.MOCK_GRAPH_ACCESS_TOKEN || undefined,
      phoneNumberId: env.MOCK_GRAPH_PHONE_ID || undefined,
    }).start(listen);
    return { name, url: graph.url, serviceEnv: { GRAPH_API_URL: graph.url }, stop: () => graph.stop() };
  }
  if (name === 'airtable') {
    const airtable = await new AirtableMock({
      apiKey: env.MOCK_AIRTABLE_API_KEY || undefined,
      baseId: env.MOCK_AIRTABLE_BASE_ID || undefined,
      tableName: env.MOCK_AIRTABLE_TABLE_NAME || undefined,
    }).start(listen);
    const serviceEnv = { AIRTABLE_ENDPOINT_URL: airtable.endpointUrl, AIRTABLE_BASE_ID: airtable.baseId };
    return { name, url: airtable.endpointUrl, serviceEnv, stop: () => airtable.stop() };
  }
  const openai = await new OpenAiMock({ apiKey: env.MOCK_OPENAI_API_KEY || undefined }).start(listen);
  return { name, url: openai.server.url, serviceEnv: { OPENAI_BASE_URL: openai.baseURL }, stop: () => openai.stop() };
}

/** A taken port becomes a message naming the variable to change; anything else stays as it was. */
function rethrowListenError(name: MockName, listen: Required<MockListenOptions>, error: unknown): never {
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    throw new Error(MOCK_PORT_IN_USE(MOCK_PORTS[name].variable, listen.port), { cause: error });
  }
  throw error;
}
