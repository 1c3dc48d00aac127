import { defineTexts } from '../core/index.js';
import type { ValidationProblem } from './register.validators.js';

/** The re-ask for an answer that starts with =, +, - or @ (a spreadsheet would run it as a formula). */
const FORMULA_START = {
  en: 'Answers cannot start with =, +, - or @ (spreadsheets would read them as formulas). Please type it again, starting with a letter or a digit.',
  es: 'Las respuestas no pueden empezar por =, +, - o @ (las hojas de cálculo las leerían como fórmulas). Escríbela de nuevo, empezando por una letra o un número.',
};

const firstNameOf = (name: string) => name.split(' ')[0];

/** The answers so far (the summary shows them all, or blanks for ones a tampered state lacks). */
type Answers = { readonly name?: string; readonly email?: string; readonly city?: string };

/** What users read while registering. Texts that greet by name take the full name and use its first word. */
export const REGISTER_TEXTS = defineTexts({
  en: {
    title: 'Register',
    description: 'Sign up with your name, email and city',
    askName: "Let's get you registered. What is your *full name*?",
    askEmail: (name: string) => `Thanks, ${firstNameOf(name)}! What is your *email address*?`,
    askCity: 'And which *city* do you live in?',
    badName: (problem: ValidationProblem) =>
      ({
        empty: 'Please type your full name.',
        tooShort: 'That name is too short: please use at least 2 characters.',
        tooLong: 'That name is too long: please use at most 100 characters.',
        badCharacters: 'A name may contain only letters, spaces, apostrophes, hyphens and periods. Please try again.',
        noLetter: 'A name needs at least one letter. Please try again.',
        invalid: 'That does not look like a name. Please try again.',
        formulaStart: FORMULA_START.en,
      })[problem],
    badEmail: "That doesn't look like a valid email address (like name@example.com). Please try again.",
    badEmailFor: (problem: ValidationProblem) =>
      problem === 'formulaStart'
        ? FORMULA_START.en
        : "That doesn't look like a valid email address (like name@example.com). Please try again.",
    badCity: (problem: ValidationProblem) =>
      problem === 'formulaStart'
        ? FORMULA_START.en
        : problem === 'tooLong'
          ? 'That city name is too long: please use at most 60 characters.'
          : 'Please type your city (at least 2 characters).',
    formulaStart: FORMULA_START.en,
    summary: ({ name = '', email = '', city = '' }: Answers) =>
      `Please check your details:\n\n*Name:* ${name}\n*Email:* ${email}\n*City:* ${city}\n\nIs everything correct?`,
    confirm: 'Confirm',
    edit: 'Edit',
    cancel: 'Cancel',
    confirmHint: 'Please tap *Confirm* to save your details, *Edit* to change them, or *Cancel*.',
    alreadyRegistered: 'You are already registered with this number. ✅ Send *menu* to see the other options.',
    saveFailed:
      "Sorry, we couldn't save your registration right now. Your answers are kept: tap *Confirm* again in a moment.",
    welcome: (name: string) => `Welcome, ${firstNameOf(name)}! 🎉 Your registration is complete.`,
    stillThere: 'Still there? We were in the middle of your registration. Reply to continue, or send *cancel*.',
    expired: 'Your registration was cancelled after a long silence. Nothing was saved. Send *menu* to start again.',
  },
  es: {
    title: 'Registrarse',
    description: 'Regístrate con tu nombre, correo y ciudad',
    askName: 'Vamos a registrarte. ¿Cuál es tu *nombre completo*?',
    askEmail: (name: string) => `¡Gracias, ${firstNameOf(name)}! ¿Cuál es tu *correo electrónico*?`,
    askCity: '¿Y en qué *ciudad* vives?',
    badName: (problem: ValidationProblem) =>
      ({
        empty: 'Escribe tu nombre completo, por favor.',
        tooShort: 'Ese nombre es demasiado corto: usa al menos 2 caracteres.',
        tooLong: 'Ese nombre es demasiado largo: usa como mucho 100 caracteres.',
        badCharacters: 'Un nombre solo puede tener letras, espacios, apóstrofos, guiones y puntos. Inténtalo de nuevo.',
        noLetter: 'Un nombre necesita al menos una letra. Inténtalo de nuevo.',
        invalid: 'Eso no parece un nombre. Inténtalo de nuevo.',
        formulaStart: FORMULA_START.es,
      })[problem],
    badEmail: 'Eso no parece un correo válido (como nombre@ejemplo.com). Inténtalo de nuevo.',
    badEmailFor: (problem: ValidationProblem) =>
      problem === 'formulaStart'
        ? FORMULA_START.es
        : 'Eso no parece un correo válido (como nombre@ejemplo.com). Inténtalo de nuevo.',
    badCity: (problem: ValidationProblem) =>
      problem === 'formulaStart'
        ? FORMULA_START.es
        : problem === 'tooLong'
          ? 'Ese nombre de ciudad es demasiado largo: usa como mucho 60 caracteres.'
          : 'Escribe tu ciudad (al menos 2 caracteres).',
    formulaStart: FORMULA_START.es,
    summary: ({ name = '', email = '', city = '' }: Answers) =>
      `Revisa tus datos:\n\n*Nombre:* ${name}\n*Correo:* ${email}\n*Ciudad:* ${city}\n\n¿Está todo bien?`,
    confirm: 'Confirmar',
    edit: 'Editar',
    cancel: 'Cancelar',
    confirmHint: 'Toca *Confirmar* para guardar tus datos, *Editar* para cambiarlos o *Cancelar*.',
    alreadyRegistered: 'Ya estás registrado con este número. ✅ Envía *menú* para ver las demás opciones.',
    saveFailed:
      'Lo sentimos, no pudimos guardar tu registro ahora. Tus respuestas se conservan: toca *Confirmar* de nuevo en un momento.',
    welcome: (name: string) => `¡Te damos la bienvenida, ${firstNameOf(name)}! 🎉 Tu registro está completo.`,
    stillThere: '¿Sigues ahí? Estábamos en medio de tu registro. Responde para continuar o envía *cancelar*.',
    expired: 'Tu registro se canceló tras un largo silencio. No se guardó nada. Envía *menú* para empezar de nuevo.',
  },
});

/** The English texts, as specs and e2e suites compare them. */
export const REGISTER_TEXT = REGISTER_TEXTS.en;

/** The summary's options, in the user's language (`t` is the flow's `ctx.t`). */
export const confirmChoices = (t: (key: 'confirm' | 'edit' | 'cancel') => string) =>
  (['confirm', 'edit', 'cancel'] as const).map((choice) => ({ id: `register:${choice}`, title: t(choice) }));
