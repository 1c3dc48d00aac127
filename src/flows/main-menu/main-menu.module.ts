import { Module } from '@nestjs/common';
import { MainMenuFlow } from './main-menu.flow.js';

@Module({ providers: [MainMenuFlow] })
export class MainMenuModule {}
