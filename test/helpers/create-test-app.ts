import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app.factory.js';

/** Every variable the app reads: cleared before each boot so a developer's shell cannot leak into a test. */
export const APP_ENV_NAMES = [
  'PORT',
  'HOST',
  'NODE_ENV',
  'LOG_LEVEL',
  'LOG_FORMAT',
  'SHUTDOWN_GRACE_MS',
  'WP_ACCESS_TOKEN',
  'WP_PHONE_ID',
  'API_VERSION',
  'GRAPH_API_URL',
  'WP_APP_SECRET',
  'WP_VERIFY_TOKEN',
  'GRAPH_MAX_ATTEMPTS',
  'GRAPH_TIMEOUT_MS',
  'GRAPH_RETRY_BASE_DELAY_MS',
  'MEDIA_MAX_DOWNLOAD_BYTES',
  'OPENAI_API_KEY',
  'OPENAI_BASE_URL',
  'OPENAI_MODEL',
  'OPENAI_TIMEOUT_MS',
  'OPENAI_MAX_RETRIES',
  'AI_SYSTEM_PROMPT',
  'AI_HISTORY_MAX_TURNS',
  'AI_HISTORY_MAX_CHARS',
  'OPENAI_MAX_COMPLETION_TOKENS',
  'AIRTABLE_API_KEY',
  'AIRTABLE_BASE_ID',
  'AIRTABLE_TABLE_NAME',
  'AIRTABLE_ENDPOINT_URL',
  'AIRTABLE_TIMEOUT_MS',
  'SESSION_TTL_SECONDS',
  'DEDUPE_TTL_SECONDS',
  'DEDUPE_MAX_ENTRIES',
  'SESSION_MAX_ENTRIES',
  'DEFAULT_LANGUAGE',
  'REGISTER_REMIND_AFTER_SECONDS',
  'REGISTER_EXPIRE_AFTER_SECONDS',
  'REDIS_URL',
  'REDIS_PREFIX',
  'REDIS_CONNECT_TIMEOUT_MS',
  'ROLE',
  'SIMULATOR',
  'SIMULATOR_TOKEN',
  'WORKER_CONCURRENCY',
  'QUEUE_LOCK_TTL_MS',
  'QUEUE_MAX_ATTEMPTS',
  'QUEUE_BACKOFF_MS',
  'ADMIN_TOKEN',
  'API_TOKEN',
  'NOTIFICATION_TTL_DAYS',
  'OPT_OUT_WORDS',
  'OPT_IN_WORDS',
  'DEAD_LETTER_TTL_DAYS',
  'DEAD_LETTER_MAX',
  'RATE_LIMIT_PER_SECOND',
  'RATE_LIMIT_PAIR_BURST',
  'RATE_LIMIT_PAIR_INTERVAL_MS',
  'RATE_LIMIT_MAX_WAIT_MS',
  'USER_MESSAGES_PER_MINUTE',
  'METRICS_PORT',
  'METRICS_TOKEN',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_PROTOCOL',
  'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
  'OTEL_SERVICE_NAME',
  'OTEL_TRACES_SAMPLER',
  'OTEL_TRACES_SAMPLER_ARG',
  'OTEL_SDK_DISABLED',
] as const;

/** The real application on 127.0.0.1 and a random port, with its log lines captured. */
export interface TestApp {
  readonly app: NestFastifyApplication;
  readonly url: string;
  /** Every log line written so far (pino JSON, one object per line). */
  readonly logLines: string[];
  /** Parsed log records whose `msg` equals `message`. */
  logsWith(message: string): Record<string, unknown>[];
  close(): Promise<void>;
}

/**
 * Boots the app exactly as `main.ts` does (same factory: body parser, limits, logger) with only `env` set,
 * and listens on a random loopback port. Config is read at boot, so the environment is restored right after.
 */
export async function startTestApp(
  env: Partial<Record<(typeof APP_ENV_NAMES)[number], string | undefined>>,
): Promise<TestApp> {
  const saved = new Map(APP_ENV_NAMES.map((name) => [name, process.env[name]] as const));
  for (const name of APP_ENV_NAMES) delete process.env[name];
  // A variable given as undefined stays unset (e.g. NODE_ENV: undefined, to boot as a deployment that forgot it).
  for (const [name, value] of Object.entries({ NODE_ENV: 'test', LOG_LEVEL: 'debug', ...env })) {
    if (value !== undefined) process.env[name] = value;
  }
  const logLines: string[] = [];
  let app: NestFastifyApplication;
  try {
    app = await createApp({ logDestination: { write: (line: string) => void logLines.push(line) } });
    await app.listen({ port: 0, host: '127.0.0.1' });
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
  const { port } = app.getHttpServer().address() as AddressInfo;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    logLines,
    logsWith: (message) =>
      logLines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((record) => record.msg === message),
    close: () => app.close(),
  };
}
