import { HttpModule, HttpService } from '@nestjs/axios';
import { Logger, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { GraphHttpTransport } from './graph-http-transport.adapter.js';
import { GraphMediaClient } from './graph-media.client.js';
import { LocalRecordingTransport } from './local-recording-transport.adapter.js';
import { MessageTransport } from './message-transport.port.js';
import { WhatsAppClient } from './whatsapp.client.js';
import { whatsappConfig, type WhatsAppConfig } from './whatsapp.config.js';

/**
 * Picks the transport at boot: Graph over HTTP when WP_ACCESS_TOKEN is set, the local recorder otherwise
 * (development and the simulator, where nothing may leave the process). Logs the choice, never the token.
 */
export function createMessageTransport(config: WhatsAppConfig, http: HttpService): MessageTransport {
  const logger = new Logger('WhatsAppModule');
  if (config.accessToken) {
    logger.log({ transport: 'graph', graphApiUrl: config.graphApiUrl, apiVersion: config.apiVersion }, 'message transport selected');
    return new GraphHttpTransport(http, config);
  }
  logger.warn({ transport: 'local' }, 'WP_ACCESS_TOKEN is not set: messages are recorded locally, not sent to WhatsApp');
  return new LocalRecordingTransport();
}

/**
 * The WhatsApp vocabulary and the Graph client: `WhatsAppClient` (typed sends), `GraphMediaClient` and the
 * `MessageTransport` port. Consumers inject these; only this module names an adapter.
 */
@Module({
  imports: [HttpModule, ConfigModule.forFeature(whatsappConfig)],
  providers: [
    WhatsAppClient,
    GraphMediaClient,
    { provide: MessageTransport, inject: [whatsappConfig.KEY, HttpService], useFactory: createMessageTransport },
  ],
  exports: [WhatsAppClient, GraphMediaClient, MessageTransport],
})
export class WhatsAppModule {}
