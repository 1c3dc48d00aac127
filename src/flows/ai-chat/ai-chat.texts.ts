import { defineTexts } from '../core/index.js';
import { MAX_QUESTION_CHARS } from './question-length.js';

/** What users read in the AI chat. */
export const AI_CHAT_TEXTS = defineTexts({
  en: {
    title: 'AI chat',
    description: 'Ask our AI assistant anything',
    intro: "🤖 You're chatting with our AI assistant. Ask me anything! Send *menu* to leave the chat.",
    notConfigured:
      'AI is not configured on this bot yet, so I cannot answer questions. Send *menu* to see the other options.',
    failed: 'Sorry, the AI assistant could not answer just now. Please ask again in a moment.',
    /** Added below the answer when the question was longer than the model may read. */
    questionCut: `(Your message was cut to its first ${MAX_QUESTION_CHARS} characters.)`,
  },
  es: {
    title: 'Chat con IA',
    description: 'Pregunta lo que quieras a nuestro asistente',
    intro: '🤖 Estás hablando con nuestro asistente de IA. ¡Pregúntame lo que quieras! Envía *menú* para salir.',
    notConfigured:
      'La IA aún no está configurada en este bot, así que no puedo responder preguntas. Envía *menú* para ver las demás opciones.',
    failed: 'Lo sentimos, el asistente de IA no pudo responder ahora. Vuelve a preguntar en un momento.',
    questionCut: `(Tu mensaje se recortó a sus primeros ${MAX_QUESTION_CHARS} caracteres.)`,
  },
});

/** The English texts, as specs and e2e suites compare them. */
export const AI_CHAT_TEXT = AI_CHAT_TEXTS.en;
