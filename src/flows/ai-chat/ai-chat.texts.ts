import { MAX_QUESTION_CHARS } from './question-length.js';

/** What users read in the AI chat. */
export const AI_CHAT_TEXT = {
  intro: "🤖 You're chatting with our AI assistant. Ask me anything! Send *menu* to leave the chat.",
  notConfigured:
    'AI is not configured on this bot yet, so I cannot answer questions. Send *menu* to see the other options.',
  failed: 'Sorry, the AI assistant could not answer just now. Please ask again in a moment.',
  /** Added below the answer when the question was longer than the model may read. */
  questionCut: `(Your message was cut to its first ${MAX_QUESTION_CHARS} characters.)`,
} as const;
