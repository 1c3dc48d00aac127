import { Injectable } from '@nestjs/common';
import { Logger } from 'nestjs-pino';

/** Nest's own boot chatter ("dependencies initialized", every mapped route): useful when debugging, noise otherwise. */
const NEST_INTERNALS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/**
 * The app's Nest logger: nestjs-pino's, with Nest's internal `log` lines moved to `debug`, so a development boot
 * at `info` shows only what a person needs (the port, the simulator's URL, what is not configured).
 */
@Injectable()
export class AppLogger extends Logger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams.at(-1);
    if (typeof context === 'string' && NEST_INTERNALS.has(context)) return super.debug(message, ...optionalParams);
    super.log(message, ...optionalParams);
  }
}
