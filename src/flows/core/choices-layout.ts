import type { ListRow, ReplyButton } from '../../whatsapp/outbound-message.js';
import { characterCount, WHATSAPP_LIMITS } from '../../whatsapp/outbound-message.builders.js';
import type { Choice } from './flow-context.js';

/** How `reply.choices` sends its options. */
export type ChoicesLayout =
  | { readonly kind: 'buttons'; readonly buttons: readonly ReplyButton[] }
  | { readonly kind: 'list'; readonly rows: readonly ListRow[]; readonly dropped: number };

/**
 * Reply buttons when there are at most three options and every title fits a button (20 characters); a list
 * otherwise, of the first ten options (WhatsApp's row limit; `dropped` counts the rest). Buttons show no
 * descriptions, so those appear only in lists.
 */
export function choicesLayout(options: readonly Choice[]): ChoicesLayout {
  const fitButtons =
    options.length <= WHATSAPP_LIMITS.buttonsMax &&
    options.every((option) => characterCount(option.title) <= WHATSAPP_LIMITS.buttonTitle);
  if (fitButtons) return { kind: 'buttons', buttons: options.map(({ id, title }) => ({ id, title })) };
  const rows = options
    .slice(0, WHATSAPP_LIMITS.listRows)
    .map(({ id, title, description }) => (description === undefined ? { id, title } : { id, title, description }));
  return { kind: 'list', rows, dropped: options.length - rows.length };
}
