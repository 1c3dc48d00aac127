import type { ChatMessage } from './chat-model.port.js';

/** One answered question, and the history to keep for the next one (already bounded). */
export interface ChatTurn {
  readonly answer: string;
  readonly history: ChatMessage[];
}

/**
 * The AI chat as flows see it: answers a question in the light of the chat so far, with the configured system
 * prompt and history bounds (AI_SYSTEM_PROMPT, AI_HISTORY_MAX_TURNS, AI_HISTORY_MAX_CHARS). `isConfigured` is
 * false without OPENAI_API_KEY, and `answer` then rejects with `AiNotConfiguredError`; a failed completion
 * rejects with `ChatModelError`. `AiModule` provides it over the `ChatModel` port.
 */
export abstract class ChatAssistant {
  abstract get isConfigured(): boolean;
  abstract answer(history: readonly ChatMessage[], question: string): Promise<ChatTurn>;
}
