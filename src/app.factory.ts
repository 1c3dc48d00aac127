import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule, type AppOptions } from './app.module.js';
import { MAX_BODY_BYTES, registerRawJsonParser } from './common/http/raw-json-body.js';
import type { Logger } from 'pino';
import { AppLogger } from './common/logging/app-logger.js';
import { ROOT_LOGGER } from './common/logging/logging.module.js';
import { logRequests } from './common/logging/request-log.hook.js';
import { Metrics } from './metrics/metrics.js';
import { countWebhookAnswers } from './webhook/webhook-answers.hook.js';

/**
 * Builds the application exactly as production runs it; `main.ts` and the e2e tests both call this,
 * so tests exercise the same body parser, limits and logger.
 */
export async function createApp(options: AppOptions = {}): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: MAX_BODY_BYTES });
  registerRawJsonParser(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(options), adapter, {
    bufferLogs: true,
    // Our own parser keeps the raw bytes for signature checks; Nest's would replace it.
    bodyParser: false,
    abortOnError: false,
    // A boot failure reaches the caller (main.ts prints one line), not Nest's logger with a stack trace.
    autoFlushLogs: false,
  });
  app.useLogger(app.get(AppLogger));
  logRequests(adapter.getInstance(), app.get<Logger>(ROOT_LOGGER));
  // Before listen, when Nest registers the routes: the hook then covers the webhook route.
  countWebhookAnswers(adapter.getInstance(), app.get(Metrics));
  app.flushLogs();
  return app;
}
