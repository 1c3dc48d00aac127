/**
 * Longest question the model receives, in characters (code points, as WhatsApp counts them). WhatsApp lets a user
 * send far more; each character costs tokens, so one pasted book must not cost as much as a thousand questions.
 */
export const MAX_QUESTION_CHARS = 4096;

/** A question as the model receives it, and whether anything was cut off. */
export interface BoundedQuestion {
  readonly text: string;
  readonly cut: boolean;
}

/** The first `MAX_QUESTION_CHARS` characters of `question`; a surrogate pair (an emoji) is never split. */
export function boundQuestion(question: string): BoundedQuestion {
  // UTF-16 length is at least the number of characters, so short questions skip the split.
  if (question.length <= MAX_QUESTION_CHARS) return { text: question, cut: false };
  const characters = [...question];
  if (characters.length <= MAX_QUESTION_CHARS) return { text: question, cut: false };
  return { text: characters.slice(0, MAX_QUESTION_CHARS).join(''), cut: true };
}
