import { Module } from '@nestjs/common';
import { AiModule } from '../../ai/ai.module.js';
import { FlowsCoreModule } from '../core/index.js';
import { AiChatFlow } from './ai-chat.flow.js';

@Module({ imports: [FlowsCoreModule, AiModule], providers: [AiChatFlow] })
export class AiChatModule {}
