import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { appConfig } from '../common/config/app.config.js';
import { InboundModule } from '../inbound/inbound.module.js';
import { inboundConfig } from '../inbound/inbound.config.js';
import { HealthController } from './health.controller.js';
import { Readiness } from './readiness.js';

@Module({
  imports: [ConfigModule.forFeature(appConfig), ConfigModule.forFeature(inboundConfig), InboundModule],
  controllers: [HealthController],
  providers: [Readiness],
  exports: [Readiness],
})
export class HealthModule {}
