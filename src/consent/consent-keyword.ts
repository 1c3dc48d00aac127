import type { ConsentSettings } from './consent.config.js';

export type ConsentKeyword = 'opt-out' | 'opt-in';

/** Whether a text is an opt-out or opt-in word: the whole message, trimmed, case-insensitive. */
export function consentKeywordOf(text: string | undefined, settings: ConsentSettings): ConsentKeyword | undefined {
  if (text === undefined) return undefined;
  const word = text.trim().toLowerCase();
  if (settings.optOutWords.includes(word)) return 'opt-out';
  if (settings.optInWords.includes(word)) return 'opt-in';
  return undefined;
}
