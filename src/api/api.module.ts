import { Global, Inject, Module, type OnModuleInit } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { ApiTokenGuard } from './api-token.guard.js';
import { apiConfig } from './api.config.js';

/** The `/api/*` bearer token (API_TOKEN) and its guard, shared by the notifications and consent controllers. */
@Global()
@Module({
  imports: [ConfigModule.forFeature(apiConfig)],
  providers: [ApiTokenGuard],
  exports: [ApiTokenGuard, ConfigModule],
})
export class ApiModule implements OnModuleInit {
  constructor(@Inject(apiConfig.KEY) private readonly config: ConfigType<typeof apiConfig>) {}

  /** A too-short API_TOKEN stops the boot here, before the app listens (see adminConfig for why not earlier). */
  onModuleInit(): void {
    if (this.config.invalid) throw this.config.invalid;
  }
}
