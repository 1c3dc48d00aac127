import { Module } from '@nestjs/common';
import { FlowsCoreModule } from '../core/index.js';
import { MainMenuFlow } from './main-menu.flow.js';

@Module({ imports: [FlowsCoreModule], providers: [MainMenuFlow] })
export class MainMenuModule {}
