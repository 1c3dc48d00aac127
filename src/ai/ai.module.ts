import { Global, Logger, Module } from '@nestjs/common';
import { ConfigModule, type ConfigType } from '@nestjs/config';
import { appConfig } from '../common/config/app.config.js';
import { AI_NOT_CONFIGURED } from '../common/errors/error-messages.js';
import { Metrics } from '../metrics/metrics.js';
import { aiConfig } from './ai.config.js';
import { ChatAssistant } from './chat-assistant.port.js';
import { HistoryChatAssistant } from './history-chat-assistant.adapter.js';
import { ChatModel } from './chat-model.port.js';
import { NotConfiguredChatModel } from './not-configured-chat-model.adapter.js';
import { OpenAiChatModel } from './openai-chat-model.adapter.js';

const aiConfigModule = ConfigModule.forFeature(aiConfig);

/**
 * Picks the chat model once, at boot: OpenAI when `OPENAI_API_KEY` is set, otherwise an adapter that answers
 * "not configured" so the rest of the bot still runs. Production without a key starts too (whether a variable is
 * required in production is decided in one place, `production-settings.ts`), but logs at error level.
 */
export function createChatModel(
  ai: ConfigType<typeof aiConfig>,
  app: ConfigType<typeof appConfig>,
  metrics?: Metrics,
): ChatModel {
  const logger = new Logger(AiModule.name);
  if (!ai.apiKey) {
    if (app.isProduction) logger.error(AI_NOT_CONFIGURED());
    else logger.warn(AI_NOT_CONFIGURED());
    return new NotConfiguredChatModel();
  }
  // The key is never logged, nor the whole URL (it may carry credentials): model and host say who answers.
  logger.log(`AI chat uses model ${ai.model} at ${new URL(ai.baseUrl).host}`);
  return new OpenAiChatModel(
    {
      apiKey: ai.apiKey,
      baseUrl: ai.baseUrl,
      model: ai.model,
      timeoutMs: ai.timeoutMs,
      maxRetries: ai.maxRetries,
      maxCompletionTokens: ai.maxCompletionTokens,
    },
    metrics,
  );
}

/**
 * Provides the `ChatModel` port and the `ChatAssistant` port that flows use (the model with the configured system
 * prompt and history bounds). Global, and imported once by AppModule: a flow's module imports nothing to get them.
 */
@Global()
@Module({
  imports: [aiConfigModule, ConfigModule.forFeature(appConfig)],
  providers: [
    {
      provide: ChatModel,
      // Metrics is global in the app; module specs compile this module without it.
      inject: [aiConfig.KEY, appConfig.KEY, { token: Metrics, optional: true }],
      useFactory: createChatModel,
    },
    { provide: ChatAssistant, useClass: HistoryChatAssistant },
  ],
  exports: [ChatModel, ChatAssistant, aiConfigModule],
})
export class AiModule {}
