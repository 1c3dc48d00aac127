import { HttpModule, HttpService } from '@nestjs/axios';
import { Logger, Module } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { getAdapter } from 'axios';
import type { Redis } from 'ioredis';
import { redisConfig } from '../redis/redis.config.js';
import { SIMULATED_GRAPH_NOT_PROVIDED } from '../common/errors/error-messages.js';
import { REDIS_CLIENT } from '../redis/redis.tokens.js';
import { rateLimitConfig, type RateLimitConfig } from './rate-limit/rate-limit.config.js';
import { withOutboundRateLimit } from './rate-limit/rate-limit.factory.js';
import { simulatorConfig, type SimulatorConfig } from '../simulator/simulator.config.js';
import { GraphConnectionPool } from './graph-connection-pool.js';
import { GraphHttpTransport } from './graph-http-transport.adapter.js';
import { GraphMediaClient } from './graph-media.client.js';
import { LocalRecordingTransport, SimulatedRecipientsTransport } from './local-recording-transport.adapter.js';
import { MessageTransport } from './message-transport.port.js';
import { createPooledHttpAdapter } from './pooled-http.adapter.js';
import { WhatsAppClient } from './whatsapp.client.js';
import { whatsappConfig, type WhatsAppConfig } from './whatsapp.config.js';

/**
 * The simulated Graph API, when this instance needs one: without WP_ACCESS_TOKEN (local mode: it answers every
 * send) or with SIMULATOR=on beside a token (it answers the simulator's users only). `null` otherwise, so a
 * production instance does not compile Meta's spec for nothing.
 */
export function createSimulatedGraph(
  config: WhatsAppConfig,
  simulator: SimulatorConfig,
): LocalRecordingTransport | null {
  return !config.accessToken || simulator.besideRealGraph ? new LocalRecordingTransport() : null;
}

/**
 * Picks the transport at boot: Graph over HTTP when WP_ACCESS_TOKEN is set, the simulated Graph otherwise
 * (development and the simulator, where nothing may leave the process). With SIMULATOR=on beside a token, a router
 * sends the simulator's users to the simulated Graph and everyone else to Graph. Logs the choice, never the token.
 */
export function createMessageTransport(
  config: WhatsAppConfig,
  http: HttpService,
  simulated: LocalRecordingTransport | null,
  rateLimit: RateLimitConfig,
  redis?: Redis | null,
  redisSettings?: ConfigType<typeof redisConfig>,
): MessageTransport {
  const logger = new Logger('WhatsAppModule');
  if (config.accessToken) {
    const graph = { graphApiUrl: config.graphApiUrl, apiVersion: config.apiVersion };
    // Only the real Graph is rate limited (Meta's limits); the simulated one answers at once. The budgets live
    // in Redis when there is a client (shared by every instance), in this process otherwise.
    const real = withOutboundRateLimit(new GraphHttpTransport(http, config), {
      config: rateLimit,
      redis: redis && redisSettings ? redis : null,
      keyPrefix: redisSettings?.prefix ?? '',
      phoneNumberId: config.phoneNumberId,
    });
    if (!simulated) {
      logger.log({ transport: 'graph', ...graph }, 'message transport selected');
      return real;
    }
    logger.warn(
      { transport: 'graph+simulated', ...graph },
      'message transport selected: SIMULATOR=on, so simulator users are answered by the simulated Graph API and everyone else through Graph',
    );
    return new SimulatedRecipientsTransport(real, simulated);
  }
  logger.warn(
    { transport: 'simulated' },
    "WP_ACCESS_TOKEN is not set: messages go to the simulated Graph API (checked against Meta's spec), not to WhatsApp",
  );
  // createSimulatedGraph always builds one without a token; a second recorder here would be one the simulator never sees.
  if (!simulated) throw new Error(SIMULATED_GRAPH_NOT_PROVIDED());
  return simulated;
}

/**
 * The WhatsApp vocabulary and the Graph client: `WhatsAppClient` (typed sends), `GraphMediaClient`, the
 * `MessageTransport` port and, for the simulator, the simulated Graph (`LocalRecordingTransport`, null when
 * unused). Consumers inject these; only this module names an adapter.
 */
@Module({
  imports: [
    // Plain Graph calls go over an undici keep-alive pool, the rest over axios's own Node adapter.
    HttpModule.registerAsync({
      extraProviders: [GraphConnectionPool],
      inject: [GraphConnectionPool],
      useFactory: (pool: GraphConnectionPool) => ({
        adapter: createPooledHttpAdapter(pool.dispatcher, getAdapter('http')),
      }),
    }),
    ConfigModule.forFeature(whatsappConfig),
    ConfigModule.forFeature(simulatorConfig),
    ConfigModule.forFeature(rateLimitConfig),
  ],
  providers: [
    WhatsAppClient,
    GraphMediaClient,
    {
      provide: LocalRecordingTransport,
      inject: [whatsappConfig.KEY, simulatorConfig.KEY],
      useFactory: createSimulatedGraph,
    },
    {
      provide: MessageTransport,
      inject: [
        whatsappConfig.KEY,
        HttpService,
        LocalRecordingTransport,
        rateLimitConfig.KEY,
        // Optional: specs and the flow harness compile this module without RedisModule.
        { token: REDIS_CLIENT, optional: true },
        { token: redisConfig.KEY, optional: true },
      ],
      useFactory: createMessageTransport,
    },
  ],
  exports: [WhatsAppClient, GraphMediaClient, MessageTransport, LocalRecordingTransport],
})
export class WhatsAppModule {}
