import type { LoggerService } from '@nestjs/common';

/** One line logged through Nest's `Logger`. */
export interface LoggedLine {
  readonly level: 'log' | 'warn' | 'error';
  readonly message: string;
}

/**
 * A Nest `LoggerService` that keeps the lines logged under one context (e.g. `AiModule`), so a spec can assert
 * what a module says at boot while Nest's own boot lines are left out. Pass it to `TestingModuleBuilder.setLogger`.
 */
export class RecordingLogger implements LoggerService {
  readonly lines: LoggedLine[] = [];

  constructor(private readonly context: string) {}

  log = (message: unknown, ...params: unknown[]) => this.record('log', message, params);
  warn = (message: unknown, ...params: unknown[]) => this.record('warn', message, params);
  error = (message: unknown, ...params: unknown[]) => this.record('error', message, params);

  // Nest passes the logger's context as the last parameter (after the stack, for errors).
  private record(level: LoggedLine['level'], message: unknown, params: unknown[]): void {
    if (params.at(-1) === this.context) this.lines.push({ level, message: String(message) });
  }
}
