import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { aiConfig } from './ai.config.js';
import { ChatAssistant, type ChatTurn } from './chat-assistant.port.js';
import { buildChatRequest, trimHistory } from './chat-history.js';
import { ChatModel, type ChatMessage } from './chat-model.port.js';

/** The `ChatAssistant` over the `ChatModel` port: one completion per question, history trimmed to the bounds. */
@Injectable()
export class HistoryChatAssistant extends ChatAssistant {
  constructor(
    private readonly model: ChatModel,
    @Inject(aiConfig.KEY) private readonly config: ConfigType<typeof aiConfig>,
  ) {
    super();
  }

  get isConfigured(): boolean {
    return this.model.isConfigured;
  }

  async answer(history: readonly ChatMessage[], question: string): Promise<ChatTurn> {
    const { systemPrompt, history: bounds } = this.config;
    const answer = await this.model.complete(buildChatRequest(systemPrompt, history, question, bounds));
    // Kept within the same bounds as a request, so the stored history cannot grow without limit.
    const kept = trimHistory(
      [...history, { role: 'user', content: question }, { role: 'assistant', content: answer }],
      bounds,
    );
    return { answer, history: kept };
  }
}
