import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import type { DestinationStream, Logger } from 'pino';
import { appConfig } from '../config/app.config.js';
import { AppLogger } from './app-logger.js';
import { createRootLogger } from './root-logger.js';

/** DI token of the app's pino logger (one per app: tests boot several in one process). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/**
 * Logs with pino: JSON in production, one readable line per event in development (LOG_FORMAT overrides), secrets
 * redacted. `AppLogger` is what Nest's `Logger` writes through; requests are logged at debug by app.factory.ts,
 * without headers or query string (the handshake's query carries the verify token, headers carry signatures).
 */
@Global()
@Module({})
export class LoggingModule {
  static forRoot(destination?: DestinationStream): DynamicModule {
    return {
      module: LoggingModule,
      imports: [ConfigModule.forFeature(appConfig)],
      providers: [
        {
          provide: ROOT_LOGGER,
          inject: [appConfig.KEY],
          useFactory: (app: ConfigType<typeof appConfig>) =>
            createRootLogger({ level: app.logLevel, format: app.logFormat, destination }),
        },
        { provide: AppLogger, inject: [ROOT_LOGGER], useFactory: (pino: Logger) => new AppLogger(pino) },
      ],
      exports: [ROOT_LOGGER, AppLogger],
    };
  }
}
