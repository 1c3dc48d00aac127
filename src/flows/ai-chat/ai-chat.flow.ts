import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { aiConfig } from '../../ai/ai.config.js';
import { buildChatRequest, trimHistory } from '../../ai/chat-history.js';
import { AiNotConfiguredError } from '../../ai/chat-model.error.js';
import { ChatModel, type ChatMessage } from '../../ai/chat-model.port.js';
import { maskPhone } from '../../common/logging/mask-phone.js';
import { Flow, type ConversationFlow, type FlowContext, type FlowSteps } from '../core/index.js';
import { AI_CHAT_TEXT } from './ai-chat.texts.js';
import { boundQuestion } from './question-length.js';

type Step = 'chat';
interface AiChatState {
  history?: ChatMessage[];
}

/**
 * Free chat with the language model. Each text is one completion with the system prompt and the recent
 * history of this chat; the history lives in the session state, so it expires (and scales) with it.
 * A question longer than `MAX_QUESTION_CHARS` is cut to that length, and the answer says so.
 */
@Injectable()
@Flow({
  id: 'ai-chat',
  title: 'AI chat',
  aliases: ['Ask AI', 'AI'],
  description: 'Ask our AI assistant anything',
  menuOrder: 20,
})
export class AiChatFlow implements ConversationFlow<Step, AiChatState> {
  private readonly logger = new Logger(AiChatFlow.name);

  constructor(
    private readonly model: ChatModel,
    @Inject(aiConfig.KEY) private readonly config: ConfigType<typeof aiConfig>,
  ) {}

  async start(ctx: FlowContext<Step, AiChatState>): Promise<void> {
    await ctx.reply.text(AI_CHAT_TEXT.intro);
    ctx.goTo('chat');
  }

  readonly steps: FlowSteps<Step, AiChatState> = {
    chat: async (ctx) => {
      const { text: question, cut } = boundQuestion(ctx.text?.trim() ?? '');
      if (!question) return;
      const history = ctx.state.history ?? [];
      await ctx.showTyping();
      let answer: string;
      try {
        answer = await this.model.complete(
          buildChatRequest(this.config.systemPrompt, history, question, this.config.history),
        );
      } catch (error) {
        if (error instanceof AiNotConfiguredError) return ctx.reply.text(AI_CHAT_TEXT.notConfigured);
        // The chat goes on: the failed question is not added to the history.
        this.logger.warn({ err: error, waId: maskPhone(ctx.waId) }, 'AI completion failed');
        return ctx.reply.text(AI_CHAT_TEXT.failed);
      }
      // The note is ours, not the model's: it goes to the user but not into the history.
      await ctx.reply.text(cut ? `${answer}\n\n${AI_CHAT_TEXT.questionCut}` : answer);
      // Kept within the same bounds as a request, so the stored state cannot grow without limit.
      ctx.state.history = trimHistory(
        [...history, { role: 'user', content: question }, { role: 'assistant', content: answer }],
        this.config.history,
      );
    },
  };
}
