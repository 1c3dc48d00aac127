import { defineTexts } from '../core/index.js';

/** What users read in the main menu. Footers are plain text: WhatsApp formats neither footers nor headers. */
export const MAIN_MENU_TEXTS = defineTexts({
  en: {
    greeting: (profileName: string | undefined) =>
      profileName ? `Hi ${profileName}! 👋 What would you like to do?` : 'Hi! 👋 What would you like to do?',
    footer: 'Send menu to come back here, language to switch.',
  },
  es: {
    greeting: (profileName: string | undefined) =>
      profileName ? `¡Hola, ${profileName}! 👋 ¿Qué te gustaría hacer?` : '¡Hola! 👋 ¿Qué te gustaría hacer?',
    footer: 'Envía menú para volver aquí, idioma para cambiarlo.',
  },
});

/** The English texts, as specs compare them. */
export const MAIN_MENU_TEXT = MAIN_MENU_TEXTS.en;
