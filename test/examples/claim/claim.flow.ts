import { isEmail } from 'class-validator';
import { ConversationFlow, Flow } from '../../../src/flows/core/index.js';
import { CLAIM_TEXTS } from './claim.texts.js';

type ClaimState = Partial<Record<'name' | 'email' | 'order', string>>;

/** A refund claim: name, email and order number through a form, then a photo or PDF of the receipt. */
@Flow({ id: 'claim', title: 'Claim', description: 'Claim a refund for an order' })
export class ClaimFlow extends ConversationFlow<ClaimState, typeof CLAIM_TEXTS> {
  readonly texts = CLAIM_TEXTS;
  readonly steps = this.define(
    {
      start: (ctx) => ctx.goTo('name'),
      receipt: {
        accepts: ['image', 'document'],
        ask: (ctx) => ctx.reply.text(ctx.t('askReceipt')),
        answer: async (ctx) => {
          if (!ctx.media) return ctx.reply.text(ctx.t('askReceipt'));
          const { sha256 } = await ctx.media.download();
          await ctx.leave(ctx.t('done', ctx.state.order ?? '', sha256.slice(0, 8)));
        },
      },
    },
    this.form(
      {
        name: { prompt: 'askName', validate: (name) => name.length >= 2 },
        email: { prompt: 'askEmail', validate: isEmail, reask: 'badEmail' },
        order: { prompt: 'askOrder', validate: (order) => /^[A-Z]-\d{5}$/.test(order), reask: 'badOrder' },
      },
      { next: 'receipt', maxAttempts: 3, giveUp: 'gaveUp' },
    ),
  );
}
