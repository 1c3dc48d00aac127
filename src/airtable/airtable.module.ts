import { Global, Logger, Module } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { appConfig } from '../common/config/app.config.js';
import { AIRTABLE_NOT_CONFIGURED_WARNING } from '../common/errors/error-messages.js';
import { stateConfig } from '../state/state.config.js';
import { airtableConfig } from './airtable.config.js';
import { AirtableRegistrationStore } from './airtable-registration-store.adapter.js';
import { MemoryRegistrationStore } from './memory-registration-store.adapter.js';
import { RegistrationStore } from './registration-store.port.js';

/**
 * Picks the registration store once, at boot: Airtable when `AIRTABLE_API_KEY` is set (the config then insists on
 * `AIRTABLE_BASE_ID`), memory otherwise. Production without a key starts too, since whether a variable is required
 * in production is decided in one place (`production-settings.ts`), but the warning is logged at error level there.
 */
export function createRegistrationStore(
  airtable: ConfigType<typeof airtableConfig>,
  app: ConfigType<typeof appConfig>,
  state?: ConfigType<typeof stateConfig>,
): RegistrationStore {
  const logger = new Logger(AirtableModule.name);
  if (!airtable.apiKey || !airtable.baseId) {
    if (app.isProduction) logger.error(AIRTABLE_NOT_CONFIGURED_WARNING());
    else logger.warn(AIRTABLE_NOT_CONFIGURED_WARNING());
    return new MemoryRegistrationStore(state?.sessionMaxEntries);
  }
  // The token is never logged; base and table say where registrations go.
  logger.log(`Registrations go to Airtable base ${airtable.baseId}, table "${airtable.tableName}"`);
  return new AirtableRegistrationStore({
    apiKey: airtable.apiKey,
    baseId: airtable.baseId,
    tableName: airtable.tableName,
    endpointUrl: airtable.endpointUrl,
    timeoutMs: airtable.timeoutMs,
  });
}

/** Provides the `RegistrationStore` port. Global, and imported once by AppModule: the register flow's module imports nothing. */
@Global()
@Module({
  imports: [
    ConfigModule.forFeature(airtableConfig),
    ConfigModule.forFeature(appConfig),
    ConfigModule.forFeature(stateConfig),
  ],
  providers: [
    {
      provide: RegistrationStore,
      inject: [airtableConfig.KEY, appConfig.KEY, stateConfig.KEY],
      useFactory: createRegistrationStore,
    },
  ],
  exports: [RegistrationStore],
})
export class AirtableModule {}
