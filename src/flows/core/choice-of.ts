import type { Choice, FlowContext } from './flow-context.js';
import { normalizeAnswer } from './inbound-text.js';

/**
 * The id of the option the user picked among `options` (as sent with `reply.choices`): the one tapped, or the one
 * whose title was typed (case and surrounding spaces ignored); undefined for anything else.
 */
export function choiceOf(ctx: Pick<FlowContext, 'buttonId' | 'text'>, options: readonly Choice[]): string | undefined {
  const tapped = options.find((option) => option.id === ctx.buttonId);
  if (tapped) return tapped.id;
  const typed = normalizeAnswer(ctx.text).toLowerCase();
  return options.find((option) => normalizeAnswer(option.title).toLowerCase() === typed)?.id;
}
