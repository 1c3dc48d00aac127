import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { languageConfig } from '../flows/core/language.config.js';
import { WhatsAppModule } from '../whatsapp/whatsapp.module.js';
import { ConsentController } from './consent.controller.js';
import { consentConfig } from './consent.config.js';
import { ConsentService } from './consent.service.js';

/** Marketing consent (STOP / START) and `GET /api/users/:waId/consent`. `ConsentStore` comes from StateModule. */
@Module({
  imports: [WhatsAppModule, ConfigModule.forFeature(consentConfig), ConfigModule.forFeature(languageConfig)],
  controllers: [ConsentController],
  providers: [ConsentService],
  exports: [ConsentService],
})
export class ConsentModule {}
