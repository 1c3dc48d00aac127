import type { InboundMessage } from '../../whatsapp/inbound-message.js';

/** What the user "said": typed text, or the title of a tapped button / list row / template button. */
export function textOf(message: InboundMessage): string | undefined {
  switch (message.type) {
    case 'text':
      return message.text;
    case 'interactive':
      return message.reply.title;
    case 'button':
      return message.text;
    default:
      return undefined;
  }
}

/** The id of a tapped reply button or list row, or a template quick-reply's payload. */
export function buttonIdOf(message: InboundMessage): string | undefined {
  if (message.type === 'interactive') return message.reply.id;
  if (message.type === 'button') return message.payload;
  return undefined;
}

/** An answer as flows store it: trimmed, inner runs of white space folded ("  Ada   Lovelace " → "Ada Lovelace"). */
export function normalizeAnswer(text: string | undefined): string {
  return (text ?? '').trim().replace(/\s+/gu, ' ');
}
