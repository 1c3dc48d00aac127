import { Module } from '@nestjs/common';
import { AiChatModule } from './ai-chat/ai-chat.module.js';
import { FlowsCoreModule } from './core/index.js';
import { MainMenuModule } from './main-menu/main-menu.module.js';
import { RegisterModule } from './register/register.module.js';

/** The bot's built-in flows. Teams add theirs by importing their own flow modules in `AppModule`. */
@Module({ imports: [FlowsCoreModule, MainMenuModule, RegisterModule, AiChatModule] })
export class FlowsModule {}
