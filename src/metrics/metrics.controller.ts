import { Controller, Get, Headers, Inject, NotFoundException, Res, UnauthorizedException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { METRICS_ON_OTHER_PORT, METRICS_UNAUTHORIZED } from '../common/errors/error-messages.js';
import { isScrapeAllowed } from './metrics-access.js';
import { metricsConfig, type MetricsSettings } from './metrics.config.js';
import { Metrics } from './metrics.js';

/**
 * `GET /metrics` on the main port, in Prometheus' text format. With METRICS_PORT set the metrics live on that port
 * only (`MetricsServer`) and this route answers 404; with METRICS_TOKEN it needs `Authorization: Bearer <token>`.
 */
@Controller('metrics')
export class MetricsController {
  constructor(
    @Inject(metricsConfig.KEY) private readonly config: MetricsSettings,
    private readonly metrics: Metrics,
  ) {}

  @Get()
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    if (this.config.port !== undefined) throw new NotFoundException(METRICS_ON_OTHER_PORT());
    if (!isScrapeAllowed(authorization, this.config.token)) {
      void reply.header('www-authenticate', 'Bearer');
      throw new UnauthorizedException(METRICS_UNAUTHORIZED());
    }
    const text = await this.metrics.scrape();
    void reply.type(this.metrics.contentType);
    return text;
  }
}
