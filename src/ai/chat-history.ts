import type { ChatMessage } from './chat-model.port.js';

/** How much earlier conversation goes with each question. */
export interface HistoryBounds {
  /** Most recent turns kept; a turn is a user message and the assistant replies that followed it. */
  readonly maxTurns: number;
  /** Total characters of the kept messages' content. */
  readonly maxChars: number;
}

/**
 * The most recent whole turns of `history` that fit both bounds, oldest first. The result always starts with a
 * user message: a reply without its question confuses the model. System messages are dropped (the caller sends
 * its own prompt), and so are replies that precede any question. Turns are kept newest first and the first one
 * that does not fit ends the walk, so the kept history never has a gap.
 */
export function trimHistory(history: readonly ChatMessage[], bounds: HistoryBounds): ChatMessage[] {
  const turns: ChatMessage[][] = [];
  for (const message of history) {
    if (message.role === 'system') continue;
    if (message.role === 'user') turns.push([message]);
    else turns.at(-1)?.push(message); // an assistant message with no question before it is dropped
  }

  const kept: ChatMessage[][] = [];
  let chars = 0;
  for (let index = turns.length - 1; index >= 0 && kept.length < bounds.maxTurns; index--) {
    const turn = turns[index];
    const turnChars = turn.reduce((sum, message) => sum + message.content.length, 0);
    if (chars + turnChars > bounds.maxChars) break;
    chars += turnChars;
    kept.unshift(turn);
  }
  return kept.flat();
}

/**
 * The messages of one completion: the system prompt, the recent history (see `trimHistory`), then the user's new
 * text. The bounds apply to the history only, so the prompt and the question are always sent whole.
 */
export function buildChatRequest(
  systemPrompt: string,
  history: readonly ChatMessage[],
  userText: string,
  bounds: HistoryBounds,
): ChatMessage[] {
  return [
    { role: 'system', content: systemPrompt },
    ...trimHistory(history, bounds),
    { role: 'user', content: userText },
  ];
}
