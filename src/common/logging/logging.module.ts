import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { IncomingMessage } from 'node:http';
import { appConfig } from '../config/app.config.js';
import { AppLogger } from './app-logger.js';
import { prettyStream } from './pretty-stream.js';

/** Paths pino replaces with `[redacted]` wherever a careless log call might put a secret. */
export const REDACTED_PATHS = [
  'accessToken',
  'apiKey',
  'appSecret',
  'verifyToken',
  '*.accessToken',
  '*.apiKey',
  '*.appSecret',
  '*.verifyToken',
  'headers.authorization',
  '*.headers.authorization',
  '*.headers["x-hub-signature-256"]',
];

/**
 * Logs with pino: JSON in production, one readable line per event in development (LOG_FORMAT overrides). Requests are logged without headers or query string: the handshake's
 * query carries the verify token and the headers carry signatures and bearer tokens.
 */
@Module({})
export class LoggingModule {
  static forRoot(destination?: DestinationStream): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          imports: [ConfigModule.forFeature(appConfig)],
          inject: [appConfig.KEY],
          useFactory: (app: ConfigType<typeof appConfig>) => {
            const options = {
              level: app.logLevel,
              redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
              // One line per request at debug: at info it would cost CPU on every webhook.
              customLogLevel: () => 'debug' as const,
              quietReqLogger: true,
              serializers: {
                req: (req: IncomingMessage & { id?: unknown }) => ({
                  id: req.id,
                  method: req.method,
                  path: (req.url ?? '').split('?')[0],
                }),
                res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
              },
            };
            // Tests pass their own destination (JSON lines they parse); otherwise LOG_FORMAT decides.
            const stream = destination ?? (app.logFormat === 'pretty' ? prettyStream() : undefined);
            return { pinoHttp: stream ? [options, stream] : options };
          },
        }),
      ],
      providers: [AppLogger],
      exports: [AppLogger],
    };
  }
}
