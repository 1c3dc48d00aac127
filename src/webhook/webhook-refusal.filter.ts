import { ArgumentsHost, Catch, HttpException, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { ThrottledWarnings } from '../common/logging/throttled-warnings.js';
import { refusalReasonOf } from './webhook-refusal.js';

/** Route config that marks Meta's webhook POST, so refusals there are logged (see `WebhookRefusalFilter`). */
export const WEBHOOK_INTAKE = 'webhookIntake';

/** Statuses that mean "Meta's delivery was refused", worth a warning: a newcomer must see why deliveries fail. */
const REFUSALS = new Set([400, 401, 413, 415, 503]);

/**
 * Logs every refused webhook once at warn, with the reason and the request id, never the body or the signature.
 * Global, because 413 and 415 come from Fastify before any controller runs; every other route and status passes
 * straight to Nest's default handling. A flood writes at most one line per reason per 10 s, with a count.
 */
@Catch()
export class WebhookRefusalFilter extends BaseExceptionFilter implements OnApplicationShutdown {
  private readonly logger = new Logger('WebhookIntake');
  private readonly warnings = new ThrottledWarnings<{ requestId: string }>(({ key, fields, suppressed }) =>
    this.logger.warn(
      { reason: key, requestId: fields.requestId, ...(suppressed > 0 ? { suppressed } : {}) },
      `webhook refused: ${key}`,
    ),
  );

  override catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    if (request.routeOptions?.config && WEBHOOK_INTAKE in request.routeOptions.config && REFUSALS.has(status)) {
      this.warnings.report(refusalReasonOf(exception, status), { requestId: String(request.id) });
    }
    super.catch(exception, host);
  }

  onApplicationShutdown(): void {
    this.warnings.flush();
  }
}
