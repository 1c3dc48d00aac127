import type { RegisteredFlow } from '../core/index.js';

/** The id of a menu button or list row: namespaced so it never collides with a flow's own button ids. */
export const menuOptionId = (flowId: string) => `menu:${flowId}`;

const normalize = (text: string) => text.trim().toLowerCase();

/** The flow a user picked: by tapped option id, or by typing its title or an alias (case-insensitively). */
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
  return entries.find((entry) =>
    [entry.options.title ?? '', ...(entry.options.aliases ?? [])].some((word) => word && normalize(word) === typed),
  );
}
