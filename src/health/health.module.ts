import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { appConfig } from '../common/config/app.config.js';
import { HealthController } from './health.controller.js';

@Module({
  imports: [ConfigModule.forFeature(appConfig)],
  controllers: [HealthController],
})
export class HealthModule {}
