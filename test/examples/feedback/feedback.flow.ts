import { ConversationFlow, Flow, NO_TEXTS } from '../../../src/flows/core/index.js';

/** The smallest flow: buttons, a step that waits for a tap, then a free comment. English only, without a catalog. */
@Flow({ id: 'feedback', title: 'Feedback', description: 'Tell us how we are doing' })
export class FeedbackFlow extends ConversationFlow<{ rating?: string }> {
  readonly texts = NO_TEXTS;
  readonly steps = this.define({
    start: async (ctx) => {
      await ctx.reply.choices('How was your experience?', [
        { id: 'good', title: '👍 Good' },
        { id: 'bad', title: '👎 Bad' },
      ]);
      ctx.goTo('rating');
    },
    rating: async (ctx) => {
      if (ctx.buttonId !== 'good' && ctx.buttonId !== 'bad') {
        return ctx.reply.text('Please tap one of the buttons.'); // stay on this step
      }
      ctx.state.rating = ctx.buttonId;
      await ctx.reply.text('Thanks! Anything you would like to add?');
      ctx.goTo('comment');
    },
    comment: async (ctx) => {
      await ctx.leave(`Got it: "${ctx.text}" (${ctx.state.rating}). Send menu for more.`);
    },
  });
}
