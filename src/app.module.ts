import { Module, type DynamicModule } from '@nestjs/common';
import { ConditionalModule, ConfigModule } from '@nestjs/config';
import type { DestinationStream } from 'pino';
import { AdminModule } from './admin/admin.module.js';
import { AiModule } from './ai/ai.module.js';
import { ApiModule } from './api/api.module.js';
import { AirtableModule } from './airtable/airtable.module.js';
import { LoggingModule } from './common/logging/logging.module.js';
import { FlowsModule } from './flows/flows.module.js';
import { HealthModule } from './health/health.module.js';
import { servesWebhooks } from './inbound/inbound.config.js';
import { InboundModule } from './inbound/inbound.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { RedisModule } from './redis/redis.module.js';
import { SimulatorModule } from './simulator/simulator.module.js';
import { StateModule } from './state/state.module.js';
import { WebhookModule } from './webhook/webhook.module.js';
import { WhatsAppModule } from './whatsapp/whatsapp.module.js';

export interface AppOptions {
  /** Where logs go (default stdout); tests capture them here. */
  readonly logDestination?: DestinationStream;
}

/** The root module only wires: every concern lives in its own module. */
@Module({})
export class AppModule {
  static register(options: AppOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // `.env` is read once, by main.ts, before the production check; modules read process.env.
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true }),
        LoggingModule.forRoot(options.logDestination),
        // Global: every module records through the one `Metrics` of this app.
        MetricsModule,
        RedisModule,
        StateModule,
        WhatsAppModule,
        // ROLE=worker takes no webhooks: it only works off the queue (and answers /health).
        ConditionalModule.registerWhen(WebhookModule, servesWebhooks),
        InboundModule,
        // Global ports for flows (ChatAssistant, RegistrationStore): flow modules import nothing to inject them.
        AiModule,
        AirtableModule,
        // The engine and every flow listed in src/flows/flows.ts.
        FlowsModule,
        HealthModule,
        AdminModule,
        // `/api/notifications` and `/api/users/:waId/consent`, behind API_TOKEN (404 without it).
        ApiModule,
        NotificationsModule,
        SimulatorModule.forRoot(),
      ],
    };
  }
}
