/** What users read in the main menu. */
export const MAIN_MENU_TEXT = {
  greeting: (profileName: string | undefined) =>
    profileName ? `Hi ${profileName}! 👋 What would you like to do?` : 'Hi! 👋 What would you like to do?',
  listButton: 'Options',
  footer: 'Send *menu* at any time to come back here.',
} as const;
