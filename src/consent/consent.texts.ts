import { defineTexts } from '../flows/core/index.js';

/** What users read when they opt out of marketing (STOP) or back in (START). `word` is the word to send. */
export const CONSENT_TEXTS = defineTexts({
  en: {
    optedOut: (word: string) =>
      `You are unsubscribed from marketing messages. Send ${word} at any time to subscribe again.`,
    alreadyOptedOut: (word: string) =>
      `You are already unsubscribed from marketing messages. Send ${word} at any time to subscribe again.`,
    optedIn: (word: string) =>
      `You are subscribed to marketing messages again. Send ${word} at any time to unsubscribe.`,
    alreadyOptedIn: (word: string) =>
      `You are already subscribed to marketing messages. Send ${word} at any time to unsubscribe.`,
  },
  es: {
    optedOut: (word: string) =>
      `Ya no recibirás mensajes de marketing. Envía ${word} cuando quieras para volver a suscribirte.`,
    alreadyOptedOut: (word: string) =>
      `Ya estabas dado de baja de los mensajes de marketing. Envía ${word} cuando quieras para volver a suscribirte.`,
    optedIn: (word: string) =>
      `Vuelves a recibir mensajes de marketing. Envía ${word} cuando quieras para darte de baja.`,
    alreadyOptedIn: (word: string) =>
      `Ya estabas suscrito a los mensajes de marketing. Envía ${word} cuando quieras para darte de baja.`,
  },
});

/** The English texts, as specs and e2e suites compare them. */
export const CONSENT_TEXT = CONSENT_TEXTS.en;
