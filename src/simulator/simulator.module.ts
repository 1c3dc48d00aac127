import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { SIMULATOR_BESIDE_REAL_GRAPH_WARNING } from '../common/errors/error-messages.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { webhookConfig } from '../webhook/webhook.config.js';
import { WhatsAppModule } from '../whatsapp/whatsapp.module.js';
import { whatsappConfig, type WhatsAppConfig } from '../whatsapp/whatsapp.config.js';
import { LocalRecordingTransport } from '../whatsapp/local-recording-transport.adapter.js';
import { MediaRouter } from '../whatsapp/media-router.js';
import { SimulatedMediaStore } from '../whatsapp/simulated-media-store.adapter.js';
import { TransportRouter } from '../whatsapp/transport-router.js';
import { WindowModule } from '../window/window.module.js';
import { WindowService } from '../window/window.service.js';
import { PageAssets } from './page-assets.js';
import { SIMULATED_GRAPH, SIMULATED_MEDIA, simulatedGraphFor, simulatedMediaFor } from './simulated-graph.js';
import { SimulatorAccess } from './simulator-access.js';
import { SimulatorAccessGuard } from './simulator-access.guard.js';
import { SimulatorContext } from './simulator-context.js';
import { SimulatorHub } from './simulator-hub.service.js';
import { SimulatorStatus } from './simulator-status.js';
import { SimulatorWebhookClient } from './simulator-webhook.client.js';
import { readSimulatorSettings } from './simulator.config.js';
import { SimulatorController } from './simulator.controller.js';
import { SimulatorService } from './simulator.service.js';

/**
 * The local WhatsApp simulator (`GET /simulator`). Whether it runs is decided once, at boot, from SIMULATOR,
 * WP_ACCESS_TOKEN and NODE_ENV (see `loadSimulatorConfig`; main.ts has put `.env` into process.env by then). When it does not, this module registers no route at
 * all, so `/simulator/**` answers 404 exactly like any unknown URL; `SimulatorStatus` is provided either way, for
 * the boot log.
 */
@Module({})
export class SimulatorModule {
  static forRoot(): DynamicModule {
    const settings = readSimulatorSettings();
    const status = { provide: SimulatorStatus, useValue: new SimulatorStatus(settings) };
    if (!settings.enabled) return { module: SimulatorModule, providers: [status], exports: [SimulatorStatus] };
    return {
      module: SimulatorModule,
      imports: [
        WhatsAppModule,
        WindowModule,
        NotificationsModule,
        ConfigModule.forFeature(whatsappConfig),
        ConfigModule.forFeature(webhookConfig),
      ],
      controllers: [SimulatorController],
      providers: [
        status,
        {
          provide: SimulatorContext,
          inject: [whatsappConfig.KEY, webhookConfig.KEY],
          useFactory: (whatsapp: WhatsAppConfig, webhook: ConfigType<typeof webhookConfig>) => {
            // Logged here, inside the app, so it goes through the app's logger like every other boot line.
            if (settings.besideRealGraph) new Logger(SimulatorModule.name).warn(SIMULATOR_BESIDE_REAL_GRAPH_WARNING());
            return new SimulatorContext(whatsapp, webhook, settings);
          },
        },
        // Read once at boot: a missing page folder fails the boot with a message that says how to fix it.
        { provide: PageAssets, useFactory: () => new PageAssets() },
        { provide: SimulatorAccess, useValue: new SimulatorAccess(settings.token, settings.tokenRequired) },
        SimulatorAccessGuard,
        {
          provide: SIMULATED_GRAPH,
          inject: [LocalRecordingTransport, TransportRouter, WindowService],
          useFactory: simulatedGraphFor,
        },
        {
          provide: SIMULATED_MEDIA,
          inject: [SimulatedMediaStore, MediaRouter, SIMULATED_GRAPH, whatsappConfig.KEY],
          useFactory: simulatedMediaFor,
        },
        SimulatorHub,
        SimulatorService,
        SimulatorWebhookClient,
      ],
      exports: [SimulatorStatus],
    };
  }
}
