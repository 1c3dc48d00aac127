import { LANGUAGES, type Choice, type Language, type RegisteredFlow } from '../core/index.js';

/** The id of a menu button or list row: namespaced so it never collides with a flow's own button ids. */
export const menuOptionId = (flowId: string) => `menu:${flowId}`;

const normalize = (text: string) => text.trim().toLowerCase();

/** A text of the flow's own catalog (`title`, `description`) in `language`, if the flow has that key. */
function flowText(entry: RegisteredFlow, key: 'title' | 'description', language: Language): string | undefined {
  const text = entry.flow.texts?.[language][key];
  return typeof text === 'string' ? text : undefined;
}

/** The menu's options in `language`: each flow's own `title`/`description` texts, else its `@Flow` options. */
export function menuChoices(entries: readonly RegisteredFlow[], language: Language): Choice[] {
  return entries.map((entry) => ({
    id: menuOptionId(entry.options.id),
    title: flowText(entry, 'title', language) ?? (entry.options.title as string),
    description: flowText(entry, 'description', language) ?? entry.options.description,
  }));
}

/** Every word that picks `entry` when typed: its title in each language and its aliases. */
function wordsOf(entry: RegisteredFlow): string[] {
  const titles = LANGUAGES.map((language) => flowText(entry, 'title', language));
  return [entry.options.title, ...titles, ...(entry.options.aliases ?? [])].filter((word): word is string => !!word);
}

/** The flow a user picked: by tapped option id, or by typing its title (in any language) or an alias, in any case. */
export function chosenFlow(
  entries: readonly RegisteredFlow[],
  buttonId: string | undefined,
  text: string | undefined,
): RegisteredFlow | undefined {
  if (buttonId !== undefined) {
    const tapped = entries.find((entry) => menuOptionId(entry.options.id) === buttonId);
    if (tapped) return tapped;
  }
  if (text === undefined) return undefined;
  const typed = normalize(text);
  return entries.find((entry) => wordsOf(entry).some((word) => normalize(word) === typed));
}
