import { Module } from '@nestjs/common';
import { AiChatFlow } from './ai-chat.flow.js';

@Module({ providers: [AiChatFlow] })
export class AiChatModule {}
