/**
 * The languages the bot speaks. Every catalog (`defineTexts`) must have each of them, so adding one here makes
 * `tsc` list every catalog that still lacks it.
 */
export const LANGUAGES = ['en', 'es'] as const;

export type Language = (typeof LANGUAGES)[number];

/** Each language in its own words: the `language` command lists them, whatever the user's current language. */
export const LANGUAGE_NAMES: { readonly [L in Language]: string } = { en: 'English', es: 'Español' };

export function isLanguage(code: unknown): code is Language {
  return typeof code === 'string' && (LANGUAGES as readonly string[]).includes(code);
}
