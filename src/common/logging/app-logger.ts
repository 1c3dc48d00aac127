import type { LoggerService } from '@nestjs/common';
import type { Logger, LogFn } from 'pino';

/** Nest's own boot chatter ("dependencies initialized", every mapped route): useful when debugging, noise otherwise. */
const NEST_INTERNALS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * Nest's `LoggerService` over the app's pino logger, so `new Logger(Context).warn({ fields }, 'message')` writes
 * one pino record `{ ...fields, context, msg }`. The last extra argument is Nest's context. Nest's internal `log`
 * lines go to `debug`, so a development boot at `info` shows only what a person needs.
 */
export class AppLogger implements LoggerService {
  constructor(private readonly pino: Logger) {}

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  log(message: unknown, ...params: unknown[]): void {
    const context = params.at(-1);
    this.write(typeof context === 'string' && NEST_INTERNALS.has(context) ? 'debug' : 'info', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const log: LogFn = this.pino[level].bind(this.pino);
    const fields: Record<string, unknown> = {};
    // Nest passes the logger's context last; anything between is a printf-style argument or a stack.
    let rest = params;
    if (params.length > 0) {
      fields.context = params.at(-1);
      rest = params.slice(0, -1);
    }
    if (message instanceof Error) return log({ ...fields, err: message }, message.message);
    if (typeof message === 'object' && message !== null) return log({ ...fields, ...message }, ...(rest as [string]));
    // Nest's exception handlers call error(message, stack, context): keep the stack as the error's.
    if (level === 'error' && rest.length === 1 && typeof rest[0] === 'string' && /\n\s*at /.test(rest[0])) {
      const err = new Error(String(message));
      err.stack = rest[0];
      return log({ ...fields, err }, String(message));
    }
    log(fields, String(message), ...rest);
  }
}
