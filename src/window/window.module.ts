import { Module } from '@nestjs/common';
import { WindowService } from './window.service.js';

/** `WindowService`; its `WindowStore` comes from the global StateModule. */
@Module({ providers: [WindowService], exports: [WindowService] })
export class WindowModule {}
