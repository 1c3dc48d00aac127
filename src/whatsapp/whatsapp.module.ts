import { HttpModule } from '@nestjs/axios';
import { Logger, Module } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import type { Redis } from 'ioredis';
import { Metrics } from '../metrics/metrics.js';
import { redisConfig } from '../redis/redis.config.js';
import { SIMULATED_GRAPH_NOT_PROVIDED, SIMULATED_MEDIA_NOT_PROVIDED } from '../common/errors/error-messages.js';
import { REDIS_CLIENT } from '../redis/redis.tokens.js';
import { rateLimitConfig, type RateLimitConfig } from './rate-limit/rate-limit.config.js';
import { withOutboundRateLimit } from './rate-limit/rate-limit.factory.js';
import { GraphConnectionPool } from './graph-connection-pool.js';
import { GraphHttpTransport } from './graph-http-transport.adapter.js';
import { GraphMediaGateway } from './graph-media-gateway.adapter.js';
import { GraphMediaClient } from './graph-media.client.js';
import { LocalRecordingTransport } from './local-recording-transport.adapter.js';
import { MediaGateway } from './media-gateway.port.js';
import { MediaRouter } from './media-router.js';
import { MessageTransport } from './message-transport.port.js';
import { SimulatedMediaStore } from './simulated-media-store.adapter.js';
import { TransportRouter } from './transport-router.js';
import { WhatsAppClient } from './whatsapp.client.js';
import { whatsappConfig, type WhatsAppConfig } from './whatsapp.config.js';

/** The simulated Graph API when there is no WP_ACCESS_TOKEN (local mode: it answers every send), else null. */
export function createSimulatedGraph(config: WhatsAppConfig): LocalRecordingTransport | null {
  return config.accessToken ? null : new LocalRecordingTransport();
}

/**
 * Picks the transport at boot: Graph over HTTP when WP_ACCESS_TOKEN is set, the simulated Graph otherwise
 * (development, where nothing may leave the process), behind a `TransportRouter` that dev tools may add
 * diversions to (the simulator beside a real token). Logs the choice, never the token.
 */
export function createMessageTransport(
  config: WhatsAppConfig,
  pool: GraphConnectionPool,
  simulated: LocalRecordingTransport | null,
  rateLimit: RateLimitConfig,
  redis?: Redis | null,
  redisSettings?: ConfigType<typeof redisConfig>,
  metrics: Metrics = new Metrics(),
): TransportRouter {
  const logger = new Logger('WhatsAppModule');
  if (config.accessToken) {
    const graph = { graphApiUrl: config.graphApiUrl, apiVersion: config.apiVersion };
    logger.log({ transport: 'graph', ...graph }, 'message transport selected');
    // Only the real Graph is rate limited (Meta's limits); the simulated one answers at once. The budgets live
    // in Redis when there is a client (shared by every instance), in this process otherwise.
    return new TransportRouter(
      withOutboundRateLimit(new GraphHttpTransport(config, pool.dispatcher, metrics), {
        config: rateLimit,
        redis: redis && redisSettings ? redis : null,
        keyPrefix: redisSettings?.prefix ?? '',
        phoneNumberId: config.phoneNumberId,
        metrics,
      }),
    );
  }
  logger.warn(
    { transport: 'simulated' },
    "WP_ACCESS_TOKEN is not set: messages go to the simulated Graph API (checked against Meta's spec), not to WhatsApp",
  );
  // createSimulatedGraph always builds one without a token; a second recorder here would be one the simulator never sees.
  if (!simulated) throw new Error(SIMULATED_GRAPH_NOT_PROVIDED());
  return new TransportRouter(simulated);
}

/** The simulated Graph's media store when there is no WP_ACCESS_TOKEN (local mode), else null. */
export function createSimulatedMedia(config: WhatsAppConfig): SimulatedMediaStore | null {
  return config.accessToken ? null : new SimulatedMediaStore({ maxDownloadBytes: config.mediaMaxDownloadBytes });
}

/**
 * Picks the media gateway by the transport's rule: Graph with WP_ACCESS_TOKEN, the simulated store without, behind
 * a `MediaRouter` that dev tools may add diversions to. The transport's choice is logged already.
 */
export function createMediaGateway(
  config: WhatsAppConfig,
  client: GraphMediaClient,
  simulated: SimulatedMediaStore | null,
): MediaRouter {
  if (config.accessToken) return new MediaRouter(new GraphMediaGateway(client, config.mediaMaxDownloadBytes));
  // As for the transport: a second store here would be one the simulator never fills.
  if (!simulated) throw new Error(SIMULATED_MEDIA_NOT_PROVIDED());
  return new MediaRouter(simulated);
}

/**
 * The WhatsApp vocabulary and the Graph client: `WhatsAppClient` (typed sends), `GraphMediaClient`, the
 * `MessageTransport` port (a `TransportRouter`), the `MediaGateway` port (a `MediaRouter`) and, in local mode, the
 * simulated Graph (`LocalRecordingTransport` and `SimulatedMediaStore`, both null with a token). Consumers inject
 * these; only this module names an adapter.
 */
@Module({
  imports: [
    // Media calls only: message sends skip axios (GraphJsonPost).
    HttpModule,
    ConfigModule.forFeature(whatsappConfig),
    ConfigModule.forFeature(rateLimitConfig),
  ],
  providers: [
    WhatsAppClient,
    GraphMediaClient,
    GraphConnectionPool,
    {
      provide: LocalRecordingTransport,
      inject: [whatsappConfig.KEY],
      useFactory: createSimulatedGraph,
    },
    {
      provide: TransportRouter,
      inject: [
        whatsappConfig.KEY,
        GraphConnectionPool,
        LocalRecordingTransport,
        rateLimitConfig.KEY,
        // Optional: specs and the flow harness compile this module without RedisModule.
        { token: REDIS_CLIENT, optional: true },
        { token: redisConfig.KEY, optional: true },
        // Global in the app (MetricsModule); the flow harness runs without it.
        { token: Metrics, optional: true },
      ],
      useFactory: createMessageTransport,
    },
    { provide: MessageTransport, useExisting: TransportRouter },
    { provide: SimulatedMediaStore, inject: [whatsappConfig.KEY], useFactory: createSimulatedMedia },
    {
      provide: MediaRouter,
      inject: [whatsappConfig.KEY, GraphMediaClient, SimulatedMediaStore],
      useFactory: createMediaGateway,
    },
    { provide: MediaGateway, useExisting: MediaRouter },
  ],
  exports: [
    WhatsAppClient,
    GraphMediaClient,
    MessageTransport,
    TransportRouter,
    LocalRecordingTransport,
    MediaGateway,
    MediaRouter,
    SimulatedMediaStore,
  ],
})
export class WhatsAppModule {}
