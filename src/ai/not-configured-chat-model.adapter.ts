import { AiNotConfiguredError } from './chat-model.error.js';
import { ChatModel } from './chat-model.port.js';

/** The chat model used when `OPENAI_API_KEY` is unset: every call rejects with `AiNotConfiguredError`. */
export class NotConfiguredChatModel extends ChatModel {
  override get isConfigured(): boolean {
    return false;
  }

  complete(): Promise<string> {
    return Promise.reject(new AiNotConfiguredError());
  }
}
