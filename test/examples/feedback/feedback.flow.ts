import { Injectable } from '@nestjs/common';
import { Flow, type ConversationFlow, type FlowContext, type FlowSteps } from '../../../src/flows/core/index.js';

type Step = 'rating' | 'comment';
interface FeedbackState {
  rating?: string;
}

@Injectable()
@Flow({ id: 'feedback', title: 'Feedback', description: 'Tell us how we are doing' })
export class FeedbackFlow implements ConversationFlow<Step, FeedbackState> {
  async start(ctx: FlowContext<Step, FeedbackState>): Promise<void> {
    await ctx.reply.buttons('How was your experience?', [
      { id: 'good', title: '👍 Good' },
      { id: 'bad', title: '👎 Bad' },
    ]);
    ctx.goTo('rating');
  }

  readonly steps: FlowSteps<Step, FeedbackState> = {
    rating: async (ctx) => {
      if (ctx.buttonId !== 'good' && ctx.buttonId !== 'bad') {
        return ctx.reply.text('Please tap one of the buttons.'); // stay on this step
      }
      ctx.state.rating = ctx.buttonId;
      await ctx.reply.text('Thanks! Anything you would like to add?');
      ctx.goTo('comment');
    },
    comment: async (ctx) => {
      await ctx.leave(`Got it: "${ctx.text}" (${ctx.state.rating}). Send *menu* for more.`);
    },
  };
}
