import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from './app.factory.js';
import { appConfig, DEFAULT_PORT } from './common/config/app.config.js';
import { InvalidEnvironmentError } from './common/config/validate-env.js';
import { unsafeConfiguration } from './common/config/production-settings.js';
import { PORT_IN_USE, PRODUCTION_WITHOUT_REDIS_WARNING } from './common/errors/error-messages.js';
import { Readiness } from './health/readiness.js';
import { SimulatorStatus } from './simulator/simulator-status.js';
import { loadTracingConfig } from './tracing/tracing.config.js';
import { startTracing, type Tracing } from './tracing/tracing.sdk.js';

/** What closing takes beyond the message drain (SHUTDOWN_GRACE_MS): connections, workers, log flush. */
const SHUTDOWN_MARGIN_MS = 3000;

async function main(): Promise<void> {
  // `.env` is a development convenience (it never overrides the real environment). Load it before the check, so a
  // NODE_ENV=production written there cannot skip the production requirements below.
  if (process.env.NODE_ENV !== 'production' && existsSync('.env')) process.loadEnvFile('.env');
  const unsafe = unsafeConfiguration(process.env);
  if (unsafe) {
    // Before any logger exists and before listening: one plain line that names the missing variables.
    process.stderr.write(`${unsafe}\n`);
    process.exit(1);
  }
  // Before the app boots, so every span of the app goes to the SDK. Off unless an OTLP endpoint is set.
  const tracing = startTracing(loadTracingConfig(process.env));
  // A signal during boot (e.g. while waiting for Redis) has nothing in flight to finish: exit 0 at once.
  const exitDuringBoot = () => process.exit(0);
  process.once('SIGTERM', exitDuringBoot);
  process.once('SIGINT', exitDuringBoot);
  const app = await createApp();
  process.off('SIGTERM', exitDuringBoot);
  process.off('SIGINT', exitDuringBoot);
  const { port, host, isProduction, shutdownGraceMs } = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  exitCleanlyOnSignals(app, shutdownGraceMs + SHUTDOWN_MARGIN_MS, tracing);
  await app.listen({ port, host });
  const logger = new Logger('Bootstrap');
  logger.log({ port, host }, `listening on ${host}:${port}`);
  if (isProduction && !process.env.REDIS_URL) logger.warn(PRODUCTION_WITHOUT_REDIS_WARNING());
  // The first thing to open in local mode, or why it is off and how to turn it on.
  new Logger('Simulator').log(app.get(SimulatorStatus).bootMessage(port));
}

/**
 * Stops accepting, lets in-flight work finish, and exits 0. We do not use `enableShutdownHooks()`:
 * it re-raises the signal after closing, which makes the process exit with 143 (SIGTERM) or 130 (SIGINT).
 */
function exitCleanlyOnSignals(app: NestFastifyApplication, timeoutMs: number, tracing?: Tracing): void {
  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    const logger = new Logger('Shutdown');
    logger.log({ signal }, 'shutting down');
    // First of all, /health/ready answers 503: load balancers stop sending while in-flight work drains.
    app.get(Readiness).beginShutdown();
    const forceExit = setTimeout(() => {
      logger.warn('shutdown timed out: exiting with work still in flight');
      process.exit(0);
    }, timeoutMs);
    forceExit.unref();
    app
      .close()
      // Last, so the spans of the messages drained while closing are exported too. A collector that is away
      // costs those spans, not a failed exit.
      .then(() => tracing?.shutdown().catch(() => undefined))
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'error while shutting down');
        process.exit(1);
      });
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

/** What a failed boot prints: one line per bad variable, one line naming a busy port, else one line. No stack. */
function bootFailureLines(error: unknown): string[] {
  if (error instanceof InvalidEnvironmentError) return [...error.problems];
  if (isErrnoException(error) && error.code === 'EADDRINUSE') {
    return [PORT_IN_USE(Number(process.env.PORT ?? DEFAULT_PORT))];
  }
  return [`Failed to start: ${error instanceof Error ? error.message : String(error)}`];
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}

main().catch((error: unknown) => {
  process.stderr.write(`${bootFailureLines(error).join('\n')}\n`);
  process.exit(1);
});
