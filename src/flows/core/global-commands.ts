export type GlobalCommand = 'cancel' | 'menu';

const COMMANDS: Readonly<Record<string, GlobalCommand>> = { cancel: 'cancel', menu: 'menu', exit: 'menu' };

/** The global command a text is, matched case-insensitively after trimming; they win over any flow step. */
export function globalCommandOf(text: string | undefined): GlobalCommand | undefined {
  if (text === undefined) return undefined;
  return COMMANDS[text.trim().toLowerCase()];
}
