import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { registerConfig } from './register.config.js';
import { RegisterFlow } from './register.flow.js';

@Module({ imports: [ConfigModule.forFeature(registerConfig)], providers: [RegisterFlow] })
export class RegisterModule {}
