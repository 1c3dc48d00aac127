import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { appConfig } from '../common/config/app.config.js';
import { METRICS_PORT_IN_USE, METRICS_UNAUTHORIZED } from '../common/errors/error-messages.js';
import { isScrapeAllowed } from './metrics-access.js';
import { metricsConfig, type MetricsSettings } from './metrics.config.js';
import { Metrics } from './metrics.js';

/**
 * With METRICS_PORT set, serves `GET /metrics` on that port (on HOST, like the main port) from a bare node:http
 * server, so a scraper can be let in on a port the public load balancer never routes. Everything else there is 404.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsServer.name);
  private server: Server | undefined;

  constructor(
    @Inject(metricsConfig.KEY) private readonly config: MetricsSettings,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
    private readonly metrics: Metrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { port } = this.config;
    if (port === undefined) return;
    const server = createServer((request, response) => void this.answer(request, response));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(error.code === 'EADDRINUSE' ? new Error(METRICS_PORT_IN_USE(port)) : error),
      );
      server.listen(port, this.app.host, () => resolve());
    });
    this.server = server;
    this.logger.log({ port, host: this.app.host }, `metrics on ${this.app.host}:${port}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/metrics' || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return void response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not Found\n');
    }
    if (!isScrapeAllowed(request.headers.authorization, this.config.token)) {
      response.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer' });
      return void response.end(`${METRICS_UNAUTHORIZED()}\n`);
    }
    try {
      const text = await this.metrics.scrape();
      response.writeHead(200, { 'content-type': this.metrics.contentType });
      response.end(request.method === 'HEAD' ? undefined : text);
    } catch (error) {
      this.logger.error({ err: error }, 'metrics scrape failed');
      response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n');
    }
  }
}
