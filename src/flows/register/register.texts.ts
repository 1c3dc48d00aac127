import type { ValidationProblem } from './register.validators.js';

/** The re-ask for an answer that starts with =, +, - or @ (a spreadsheet would run it as a formula). */
const FORMULA_START =
  'Answers cannot start with =, +, - or @ (spreadsheets would read them as formulas). Please type it again, starting with a letter or a digit.';

/** What users read while registering. */
export const REGISTER_TEXT = {
  askName: "Let's get you registered. What is your *full name*?",
  askEmail: (firstName: string) => `Thanks, ${firstName}! What is your *email address*?`,
  askCity: 'And which *city* do you live in?',
  badName: (problem: ValidationProblem) =>
    ({
      empty: 'Please type your full name.',
      tooShort: 'That name is too short: please use at least 2 characters.',
      tooLong: 'That name is too long: please use at most 100 characters.',
      badCharacters: 'A name may contain only letters, spaces, apostrophes, hyphens and periods. Please try again.',
      noLetter: 'A name needs at least one letter. Please try again.',
      invalid: 'That does not look like a name. Please try again.',
      formulaStart: FORMULA_START,
    })[problem],
  badEmail: "That doesn't look like a valid email address (like name@example.com). Please try again.",
  badCity: (problem: ValidationProblem) =>
    problem === 'formulaStart'
      ? FORMULA_START
      : problem === 'tooLong'
        ? 'That city name is too long: please use at most 60 characters.'
        : 'Please type your city (at least 2 characters).',
  formulaStart: FORMULA_START,
  summary: (answers: { name: string; email: string; city: string }) =>
    `Please check your details:\n\n*Name:* ${answers.name}\n*Email:* ${answers.email}\n*City:* ${answers.city}\n\nIs everything correct?`,
  confirmHint: 'Please tap *Confirm* to save your details, *Edit* to change them, or *Cancel*.',
  alreadyRegistered: 'You are already registered with this number. ✅ Send *menu* to see the other options.',
  saveFailed:
    "Sorry, we couldn't save your registration right now. Your answers are kept: tap *Confirm* again in a moment.",
  welcome: (firstName: string) => `Welcome, ${firstName}! 🎉 Your registration is complete.`,
} as const;

export const CONFIRM_BUTTONS = [
  { id: 'register:confirm', title: 'Confirm' },
  { id: 'register:edit', title: 'Edit' },
  { id: 'register:cancel', title: 'Cancel' },
] as const;
