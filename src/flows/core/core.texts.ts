import { defineTexts } from './texts.js';

/** What users read when the core (not a flow) answers, and the language picker. */
export const CORE_TEXTS = defineTexts({
  en: {
    apology: 'Sorry, something went wrong on our side. Please try again in a moment.',
    askForText: 'Sorry, I can only read text messages here. Please type your answer. ✍️',
    cancelled: 'Cancelled. Nothing was saved. Send *menu* to see the options.',
    nothingToCancel: 'There is nothing to cancel. Send *menu* to see the options.',
    gaveUp: "Let's stop here for now. Nothing was saved. Send *menu* to start again.",
    listButton: 'Options',
    chooseLanguage: 'Which language would you like me to use?',
    languageSet: (name: string) => `Done: I will write in ${name} from now on. Send *menu* to see the options.`,
  },
  es: {
    apology: 'Lo sentimos, algo falló de nuestro lado. Inténtalo de nuevo en un momento.',
    askForText: 'Lo siento, aquí solo puedo leer mensajes de texto. Escribe tu respuesta, por favor. ✍️',
    cancelled: 'Cancelado. No se guardó nada. Envía *menú* para ver las opciones.',
    nothingToCancel: 'No hay nada que cancelar. Envía *menú* para ver las opciones.',
    gaveUp: 'Lo dejamos aquí por ahora. No se guardó nada. Envía *menú* para empezar de nuevo.',
    listButton: 'Opciones',
    chooseLanguage: '¿En qué idioma quieres que te escriba?',
    languageSet: (name: string) =>
      `Listo: a partir de ahora te escribo en ${name}. Envía *menú* para ver las opciones.`,
  },
});

/** The English core texts, as specs and e2e suites compare them. */
export const CORE_TEXT = CORE_TEXTS.en;
