import { Inject, Injectable, Module } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { RecordingLogger } from '../testing/recording-logger.js';
import { ScopedEnv } from '../testing/scoped-env.js';
import { AI_NOT_CONFIGURED } from '../common/errors/error-messages.js';
import {
  AI_HISTORY_MAX_CHARS_LIMIT,
  aiConfig,
  DEFAULT_AI_SYSTEM_PROMPT,
  DEFAULT_OPENAI_BASE_URL,
} from './ai.config.js';
import { AiModule } from './ai.module.js';
import { AiNotConfiguredError } from './chat-model.error.js';
import { ChatModel } from './chat-model.port.js';
import { NotConfiguredChatModel } from './not-configured-chat-model.adapter.js';
import { OpenAiChatModel } from './openai-chat-model.adapter.js';

const AI_ENV_NAMES = [
  'NODE_ENV',
  'OPENAI_API_KEY',
  'OPENAI_BASE_URL',
  'OPENAI_MODEL',
  'OPENAI_TIMEOUT_MS',
  'OPENAI_MAX_RETRIES',
  'OPENAI_MAX_COMPLETION_TOKENS',
  'AI_SYSTEM_PROMPT',
  'AI_HISTORY_MAX_TURNS',
  'AI_HISTORY_MAX_CHARS',
] as const;
type AiEnvName = (typeof AI_ENV_NAMES)[number];
const env = new ScopedEnv(AI_ENV_NAMES);
const SECRET_KEY = 'sk-test-do-not-log-me';

describe('AiModule', () => {
  let logger: RecordingLogger;

  beforeEach(() => {
    env.clear();
    logger = new RecordingLogger(AiModule.name);
  });
  afterEach(() => env.restore());

  async function boot(values: Partial<Record<AiEnvName, string>>) {
    env.set(values);
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true }), AiModule],
    })
      .setLogger(logger)
      .compile();
    return {
      chatModel: moduleRef.get(ChatModel),
      config: moduleRef.get<ConfigType<typeof aiConfig>>(aiConfig.KEY),
    };
  }

  it('uses OpenAI when OPENAI_API_KEY is set, and never logs the key', async () => {
    const { chatModel } = await boot({ OPENAI_API_KEY: SECRET_KEY, OPENAI_MODEL: 'gpt-4.1-mini' });

    expect(chatModel).toBeInstanceOf(OpenAiChatModel);
    expect(logger.lines).toEqual([{ level: 'log', message: 'AI chat uses model gpt-4.1-mini at api.openai.com' }]);
    expect(JSON.stringify(logger.lines)).not.toContain(SECRET_KEY);
  });

  it('answers "not configured" without OPENAI_API_KEY, with a warning outside production', async () => {
    const { chatModel } = await boot({});

    expect(chatModel).toBeInstanceOf(NotConfiguredChatModel);
    await expect(chatModel.complete([{ role: 'user', content: 'hi' }])).rejects.toBeInstanceOf(AiNotConfiguredError);
    expect(logger.lines).toEqual([{ level: 'warn', message: AI_NOT_CONFIGURED() }]);
  });

  it('still starts in production without OPENAI_API_KEY, but logs an error', async () => {
    const { chatModel } = await boot({ NODE_ENV: 'production' });

    expect(chatModel).toBeInstanceOf(NotConfiguredChatModel);
    expect(logger.lines).toEqual([{ level: 'error', message: AI_NOT_CONFIGURED() }]);
  });

  it('exports ChatModel and the ai config to a module that imports it', async () => {
    @Injectable()
    class Consumer {
      constructor(
        readonly chatModel: ChatModel,
        @Inject(aiConfig.KEY) readonly config: ConfigType<typeof aiConfig>,
      ) {}
    }
    @Module({ imports: [AiModule], providers: [Consumer] })
    class ConsumerModule {}

    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ ignoreEnvFile: true }), ConsumerModule],
    })
      .setLogger(logger)
      .compile();
    const consumer = moduleRef.get(Consumer, { strict: false });

    expect(consumer.chatModel).toBeInstanceOf(NotConfiguredChatModel);
    expect(consumer.config.model).toBe('gpt-4o-mini');
  });

  it('exports the ai config with its defaults', async () => {
    const { config } = await boot({});

    expect(config).toEqual({
      apiKey: undefined,
      baseUrl: DEFAULT_OPENAI_BASE_URL,
      model: 'gpt-4o-mini',
      timeoutMs: 20_000,
      maxRetries: 1,
      maxCompletionTokens: 500,
      systemPrompt: DEFAULT_AI_SYSTEM_PROMPT,
      history: { maxTurns: 10, maxChars: 6000 },
    });
  });

  it('reads every variable', async () => {
    const { config } = await boot({
      OPENAI_API_KEY: SECRET_KEY,
      OPENAI_BASE_URL: 'http://127.0.0.1:8080/v1',
      OPENAI_MODEL: 'local',
      OPENAI_TIMEOUT_MS: '5000',
      OPENAI_MAX_RETRIES: '0',
      OPENAI_MAX_COMPLETION_TOKENS: '256',
      AI_SYSTEM_PROMPT: 'Be brief.',
      AI_HISTORY_MAX_TURNS: '3',
      AI_HISTORY_MAX_CHARS: '900',
    });

    expect(config).toEqual({
      apiKey: SECRET_KEY,
      baseUrl: 'http://127.0.0.1:8080/v1',
      model: 'local',
      timeoutMs: 5000,
      maxRetries: 0,
      maxCompletionTokens: 256,
      systemPrompt: 'Be brief.',
      history: { maxTurns: 3, maxChars: 900 },
    });
  });

  it('accepts AI_HISTORY_MAX_CHARS up to its upper bound', async () => {
    const { config } = await boot({ AI_HISTORY_MAX_CHARS: String(AI_HISTORY_MAX_CHARS_LIMIT) });

    expect(AI_HISTORY_MAX_CHARS_LIMIT).toBe(50_000);
    expect(config.history.maxChars).toBe(50_000);
  });

  it.each`
    name                              | value
    ${'OPENAI_TIMEOUT_MS'}            | ${'soon'}
    ${'OPENAI_TIMEOUT_MS'}            | ${'0'}
    ${'OPENAI_MAX_RETRIES'}           | ${'10'}
    ${'OPENAI_BASE_URL'}              | ${'api.openai.com/v1'}
    ${'AI_HISTORY_MAX_TURNS'}         | ${'-1'}
    ${'AI_HISTORY_MAX_CHARS'}         | ${'50001'}
    ${'AI_HISTORY_MAX_CHARS'}         | ${'1000000000'}
    ${'OPENAI_MAX_COMPLETION_TOKENS'} | ${'0'}
    ${'OPENAI_MAX_COMPLETION_TOKENS'} | ${'many'}
  `(
    'refuses to boot with $name=$value, naming the variable',
    async ({ name, value }: { name: AiEnvName; value: string }) => {
      const outcome = await boot({ [name]: value }).then(
        () => 'booted',
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      );

      expect(outcome).toContain(name);
    },
  );
});
