import type { Choice } from './flow-context.js';
import { LANGUAGE_NAMES, LANGUAGES, type Language } from './languages.js';

/** The id of a language option: namespaced so it never collides with a flow's own button ids. */
const optionId = (language: Language) => `language:${language}`;

/** The options the `language` command offers: every catalog, each named in its own language. */
export function languageChoices(): Choice[] {
  return LANGUAGES.map((language) => ({ id: optionId(language), title: LANGUAGE_NAMES[language] }));
}

/** Lower case without accents, so "espanol", "ESPAÑOL" and "Español" all match. */
const fold = (text: string) => text.trim().toLowerCase().normalize('NFD').replace(/\p{M}/gu, '');

/** The language a user picked: a tapped option, or its name or code typed (case and accents ignored). */
export function chosenLanguage(buttonId: string | undefined, text: string | undefined): Language | undefined {
  const tapped = LANGUAGES.find((language) => optionId(language) === buttonId);
  if (tapped || text === undefined) return tapped;
  const typed = fold(text);
  return LANGUAGES.find((language) => typed === language || typed === fold(LANGUAGE_NAMES[language]));
}
