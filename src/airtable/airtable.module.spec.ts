import { ConfigModule, type ConfigType } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { RecordingLogger } from '../testing/recording-logger.js';
import { ScopedEnv } from '../testing/scoped-env.js';
import { AirtableMock } from '../testing/mocks/airtable.mock-server.js';
import {
  AIRTABLE_BASE_ID_REQUIRED,
  AIRTABLE_NOT_CONFIGURED_WARNING,
  INVALID_ENVIRONMENT,
} from '../common/errors/error-messages.js';
import { airtableConfig } from './airtable.config.js';
import { AirtableModule } from './airtable.module.js';
import { AirtableRegistrationStore } from './airtable-registration-store.adapter.js';
import { MemoryRegistrationStore } from './memory-registration-store.adapter.js';
import { RegistrationStore } from './registration-store.port.js';

const AIRTABLE_ENV_NAMES = [
  'NODE_ENV',
  'AIRTABLE_API_KEY',
  'AIRTABLE_BASE_ID',
  'AIRTABLE_TABLE_NAME',
  'AIRTABLE_ENDPOINT_URL',
  'AIRTABLE_TIMEOUT_MS',
] as const;
type AirtableEnvName = (typeof AIRTABLE_ENV_NAMES)[number];
const env = new ScopedEnv(AIRTABLE_ENV_NAMES);

describe('AirtableModule', () => {
  let logger: RecordingLogger;

  beforeEach(() => {
    env.clear();
    logger = new RecordingLogger(AirtableModule.name);
  });
  afterEach(() => env.restore());

  async function boot(values: Partial<Record<AirtableEnvName, string>>) {
    env.set(values);
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true }), AirtableModule],
    })
      .setLogger(logger)
      .compile();
    return {
      store: moduleRef.get(RegistrationStore),
      config: moduleRef.get<ConfigType<typeof airtableConfig>>(airtableConfig.KEY),
    };
  }

  /** The boot error's message, or 'booted'. */
  function bootError(values: Partial<Record<AirtableEnvName, string>>): Promise<string> {
    return boot(values).then(
      () => 'booted',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
  }

  it('uses Airtable when AIRTABLE_API_KEY is set, talking to the configured endpoint and table', async () => {
    const mock = await new AirtableMock({ tableName: 'Sign-ups' }).start();
    try {
      const { store } = await boot({
        AIRTABLE_API_KEY: mock.apiKey,
        AIRTABLE_BASE_ID: mock.baseId,
        AIRTABLE_TABLE_NAME: 'Sign-ups',
        AIRTABLE_ENDPOINT_URL: `${mock.endpointUrl}/`,
      });
      await store.create({ name: 'Ada', email: 'ada@example.org', city: 'London', phone: '15550001111' });

      expect(store).toBeInstanceOf(AirtableRegistrationStore);
      expect(mock.records()).toHaveLength(1);
      expect(logger.lines).toEqual([
        { level: 'log', message: `Registrations go to Airtable base ${mock.baseId}, table "Sign-ups"` },
      ]);
      expect(JSON.stringify(logger.lines)).not.toContain(mock.apiKey);
    } finally {
      await mock.stop();
    }
  });

  it('keeps registrations in memory without AIRTABLE_API_KEY, with a warning outside production', async () => {
    const { store } = await boot({ AIRTABLE_BASE_ID: 'appIgnoredWithoutKey' });

    expect(store).toBeInstanceOf(MemoryRegistrationStore);
    expect(logger.lines).toEqual([{ level: 'warn', message: AIRTABLE_NOT_CONFIGURED_WARNING() }]);
    expect(AIRTABLE_NOT_CONFIGURED_WARNING()).toMatch(/^AIRTABLE_API_KEY is not set: registrations are kept in memory/);
  });

  it('still starts in production without AIRTABLE_API_KEY, but logs at error level', async () => {
    const { store } = await boot({ NODE_ENV: 'production' });

    expect(store).toBeInstanceOf(MemoryRegistrationStore);
    expect(logger.lines).toEqual([{ level: 'error', message: AIRTABLE_NOT_CONFIGURED_WARNING() }]);
  });

  it('refuses to boot with AIRTABLE_API_KEY but no AIRTABLE_BASE_ID', async () => {
    expect(await bootError({ AIRTABLE_API_KEY: 'patSomething.secret' })).toBe(
      INVALID_ENVIRONMENT([AIRTABLE_BASE_ID_REQUIRED()]),
    );
  });

  it('has defaults for everything but the key and base', async () => {
    const { config } = await boot({});

    expect(config).toEqual({
      apiKey: undefined,
      baseId: undefined,
      tableName: 'Users',
      endpointUrl: 'https://api.airtable.com',
      timeoutMs: 10_000,
    });
  });

  it('reads every variable and drops a trailing slash from the endpoint', async () => {
    const { config } = await boot({
      AIRTABLE_API_KEY: 'patKey.secret',
      AIRTABLE_BASE_ID: 'appAbc123',
      AIRTABLE_TABLE_NAME: 'People',
      AIRTABLE_ENDPOINT_URL: 'http://127.0.0.1:8081//',
      AIRTABLE_TIMEOUT_MS: '2500',
    });

    expect(config).toEqual({
      apiKey: 'patKey.secret',
      baseId: 'appAbc123',
      tableName: 'People',
      endpointUrl: 'http://127.0.0.1:8081',
      timeoutMs: 2500,
    });
  });

  it.each`
    name                       | value
    ${'AIRTABLE_BASE_ID'}      | ${'https://airtable.com/appAbc123/tblX'}
    ${'AIRTABLE_ENDPOINT_URL'} | ${'api.airtable.com'}
    ${'AIRTABLE_TIMEOUT_MS'}   | ${'0'}
    ${'AIRTABLE_TIMEOUT_MS'}   | ${'ten seconds'}
  `(
    'refuses to boot with $name=$value, naming the variable',
    async ({ name, value }: { name: AirtableEnvName; value: string }) => {
      expect(await bootError({ [name]: value })).toContain(name);
    },
  );
});
