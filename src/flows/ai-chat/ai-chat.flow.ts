import { Logger } from '@nestjs/common';
import { ChatAssistant, type ChatTurn } from '../../ai/chat-assistant.port.js';
import { AiNotConfiguredError } from '../../ai/chat-model.error.js';
import type { ChatMessage } from '../../ai/chat-model.port.js';
import { maskPhone } from '../../common/logging/mask-phone.js';
import { ConversationFlow, Flow } from '../core/index.js';
import { AI_CHAT_TEXTS } from './ai-chat.texts.js';
import { boundQuestion } from './question-length.js';

interface AiChatState {
  history?: ChatMessage[];
}

/**
 * Free chat with the language model. Each text is one completion with the system prompt and the recent
 * history of this chat; the history lives in the session state, so it expires (and scales) with it.
 * A question longer than `MAX_QUESTION_CHARS` is cut to that length, and the answer says so. The menu offers
 * the chat only when OPENAI_API_KEY is set.
 */
@Flow({
  id: 'ai-chat',
  title: 'AI chat',
  aliases: ['Ask AI', 'AI'],
  description: 'Ask our AI assistant anything',
  menuOrder: 20,
})
export class AiChatFlow extends ConversationFlow<AiChatState, typeof AI_CHAT_TEXTS> {
  private readonly logger = new Logger(AiChatFlow.name);
  readonly texts = AI_CHAT_TEXTS;

  constructor(private readonly assistant: ChatAssistant) {
    super();
  }

  override get enabled(): boolean {
    return this.assistant.isConfigured;
  }

  readonly steps = this.define({
    start: async (ctx) => {
      await ctx.reply.text(ctx.t('intro'));
      ctx.goTo('chat');
    },
    chat: async (ctx) => {
      const { text: question, cut } = boundQuestion(ctx.text?.trim() ?? '');
      if (!question) return;
      await ctx.showTyping();
      let turn: ChatTurn;
      try {
        turn = await this.assistant.answer(ctx.state.history ?? [], question);
      } catch (error) {
        if (error instanceof AiNotConfiguredError) return ctx.reply.text(ctx.t('notConfigured'));
        // The chat goes on: the failed question is not added to the history.
        this.logger.warn({ err: error, waId: maskPhone(ctx.user.ref) }, 'AI completion failed');
        return ctx.reply.text(ctx.t('failed'));
      }
      // The note is ours, not the model's: it goes to the user but not into the history.
      await ctx.reply.text(cut ? `${turn.answer}\n\n${ctx.t('questionCut')}` : turn.answer);
      ctx.state.history = turn.history;
    },
  });
}
