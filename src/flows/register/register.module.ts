import { Module } from '@nestjs/common';
import { AirtableModule } from '../../airtable/airtable.module.js';
import { FlowsCoreModule } from '../core/index.js';
import { RegisterFlow } from './register.flow.js';

@Module({ imports: [FlowsCoreModule, AirtableModule], providers: [RegisterFlow] })
export class RegisterModule {}
