import { pino, stdSerializers, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/app.config.js';
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

export interface RootLoggerOptions {
  readonly level: LogLevel;
  readonly format: 'json' | 'pretty';
  /** Where lines go instead of stdout (tests capture JSON lines here, whatever the format). */
  readonly destination?: DestinationStream;
}

/** The app's one pino logger: JSON lines for machines, or pretty lines for people (development). */
export function createRootLogger({ level, format, destination }: RootLoggerOptions): Logger {
  const stream = destination ?? (format === 'pretty' ? prettyStream() : undefined);
  const options = {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: stdSerializers.err },
  };
  return stream ? pino(options, stream) : pino(options);
}
