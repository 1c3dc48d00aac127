/** What a user over USER_MESSAGES_PER_MINUTE reads, once a minute at most. */
export const FLOOD_GUARD_TEXT = {
  notice: "You're sending messages too fast. I'll answer again in a minute.",
} as const;
