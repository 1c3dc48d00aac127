/** What users read when the core (not a flow) answers. */
export const CORE_TEXT = {
  apology: 'Sorry, something went wrong on our side. Please try again in a moment.',
  askForText: 'Sorry, I can only read text messages here. Please type your answer. ✍️',
  cancelled: 'Cancelled. Nothing was saved. Send *menu* to see the options.',
  nothingToCancel: 'There is nothing to cancel. Send *menu* to see the options.',
} as const;
