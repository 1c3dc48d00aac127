export type GlobalCommand = 'cancel' | 'menu' | 'language';

/** Every language's words at once: a Spanish speaker's "menú" works before they ever chose Spanish. */
const COMMANDS: Readonly<Record<string, GlobalCommand>> = {
  cancel: 'cancel',
  cancelar: 'cancel',
  menu: 'menu',
  menú: 'menu',
  exit: 'menu',
  salir: 'menu',
  language: 'language',
  idioma: 'language',
};

/** The global command a text is, matched case-insensitively after trimming; they win over any flow step. */
export function globalCommandOf(text: string | undefined): GlobalCommand | undefined {
  if (text === undefined) return undefined;
  return COMMANDS[text.trim().toLowerCase()];
}
