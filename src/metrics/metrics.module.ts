import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { appConfig } from '../common/config/app.config.js';
import { MetricsServer } from './metrics-server.js';
import { MetricsController } from './metrics.controller.js';
import { metricsConfig } from './metrics.config.js';
import { Metrics } from './metrics.js';

/** This app's metrics: one fresh registry with the process metrics, built once per app instance. */
export function createMetrics(): Metrics {
  const metrics = new Metrics();
  metrics.collectProcessMetrics();
  return metrics;
}

/**
 * Prometheus metrics: the `Metrics` facade that every module records through (global, so nothing imports this
 * module to inject it), `GET /metrics` on the main port, or its own server on METRICS_PORT.
 */
@Global()
@Module({
  imports: [ConfigModule.forFeature(metricsConfig), ConfigModule.forFeature(appConfig)],
  controllers: [MetricsController],
  providers: [{ provide: Metrics, useFactory: createMetrics }, MetricsServer],
  exports: [Metrics],
})
export class MetricsModule {}
