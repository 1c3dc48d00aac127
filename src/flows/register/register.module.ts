import { Module } from '@nestjs/common';
import { RegisterFlow } from './register.flow.js';

@Module({ providers: [RegisterFlow] })
export class RegisterModule {}
