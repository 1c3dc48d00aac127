/** Who wrote a message of a chat: the instructions, the WhatsApp user, or the model. */
export type ChatRole = 'system' | 'user' | 'assistant';

/** One message of a conversation with a chat model, in the order the model should read it. */
export interface ChatMessage {
  readonly role: ChatRole;
  readonly content: string;
}

/**
 * A chat model that answers a conversation with one reply. Flows inject this port, never an SDK:
 * `AiModule` picks the adapter at boot (OpenAI when `OPENAI_API_KEY` is set, otherwise one that throws
 * `AiNotConfiguredError`). Adapters bound their own waiting, so a call always settles; it rejects with
 * `ChatModelError` when the provider fails or answers nothing, and callers may pass a `signal` to give up sooner.
 */
export abstract class ChatModel {
  abstract complete(messages: ChatMessage[], options?: { signal?: AbortSignal }): Promise<string>;

  /** False for the adapter used without `OPENAI_API_KEY`, so the menu can leave the AI chat out. */
  get isConfigured(): boolean {
    return true;
  }
}
